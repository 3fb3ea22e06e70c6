using AddressMaps.Api.Domain;

namespace AddressMaps.Api.Endpoints;

/// <summary>Anything under /client/v4 that no route matched (a malformed id, an unknown path, a
/// method the path does not have) answers Cloudflare's 7003 + 7000.</summary>
public static class FallbackApi
{
    public static IEndpointConventionBuilder MapCloudflareFallback(this IEndpointRouteBuilder app) =>
        app.MapFallback("/client/v4/{**path}", (HttpContext http) =>
            throw Errors.RouteNotFound(http.Request.Path.Value ?? "/client/v4"))
            .ExcludeFromDescription();
}
