// What every capability uses: the envelope, the error catalogue, ids, IP and time helpers.
global using AddressMaps.Api.Platform;

// What every route table uses, as ImplicitUsings gives Microsoft.AspNetCore.Http: the typed
// results its handlers return (Ok<T>) and the binding attributes ([FromRoute], [AsParameters]).
global using Microsoft.AspNetCore.Http.HttpResults;
global using Microsoft.AspNetCore.Mvc;
