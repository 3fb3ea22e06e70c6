// The API's shared pieces (envelope, error catalogue, IP and text helpers) are used everywhere.
global using AddressMaps.Api.Platform;

// What most test files use: status codes and IP addresses, the JSON reader of responses, the
// fixture and client of the test host, and EF Core to look at the database behind an answer.
global using System.Net;
global using System.Text.Json;
global using AddressMaps.Tests.Infrastructure;
global using Microsoft.EntityFrameworkCore;

// The API's entities and credentials, which most tests seed or read back.
global using AddressMaps.Api.Auth;
global using AddressMaps.Api.Data;
