using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http.Metadata;

namespace AddressMaps.Api.Platform;

/// <summary>A 200 whose JSON was written before (a kept answer, <see cref="Maps.ListCache"/>): the
/// same status, content type, bytes and OpenAPI description as <c>TypedResults.Ok</c> of a
/// <typeparamref name="T"/>.</summary>
public sealed class JsonAnswer<T>(byte[] utf8Json) : IResult, IEndpointMetadataProvider, IStatusCodeHttpResult
{
    public int? StatusCode => StatusCodes.Status200OK;

    /// <summary>The bytes TypedResults.Ok would write for <paramref name="value"/>, with the
    /// minimal APIs' own JSON options.</summary>
    public static byte[] Write(T value, JsonSerializerOptions options) =>
        JsonSerializer.SerializeToUtf8Bytes(value, (JsonTypeInfo<T>)options.GetTypeInfo(typeof(T)));

    public Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = ApiResponses.JsonContentType;
        response.ContentLength = utf8Json.Length;
        return response.Body.WriteAsync(utf8Json, httpContext.RequestAborted).AsTask();
    }

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(T), ["application/json"]));
}
