// What every capability uses: the envelope, the error catalogue, ids, IP and time helpers.
global using AddressMaps.Api.Platform;

// What every route table uses, as ImplicitUsings gives Microsoft.AspNetCore.Http: the typed
// results its handlers return (Ok<T>) and the binding attributes ([FromRoute], [AsParameters]).
global using Microsoft.AspNetCore.Http.HttpResults;
global using Microsoft.AspNetCore.Mvc;

// What most capabilities use: the entities and DbContext, EF Core's query operators, the route
// tables' permission requirements (RequireAddressMapsWrite …) and IP addresses.
global using System.Net;
global using AddressMaps.Api.Auth;
global using AddressMaps.Api.Data;
global using Microsoft.EntityFrameworkCore;
