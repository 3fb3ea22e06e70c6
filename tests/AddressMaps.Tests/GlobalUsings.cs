// The API's shared pieces (envelope, error catalogue, IP and text helpers) are used everywhere.
global using AddressMaps.Api.Platform;
