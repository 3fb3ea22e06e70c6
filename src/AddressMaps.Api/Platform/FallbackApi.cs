namespace AddressMaps.Api.Platform;

/// <summary>The routes outside any capability: <c>/</c> to Swagger UI, <c>/healthz</c> (liveness, no
/// database), and the fallback for anything under /client/v4 that no route matched (a malformed
/// id, an unknown path, a method the path does not have): Cloudflare's 7003 + 7000.</summary>
public static class FallbackApi
{
    public static void MapPlatformRoutes(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", () => Results.Redirect("/swagger")).ExcludeFromDescription();
        // Liveness without the database: the benchmark's baseline. Readiness is the database's.
        app.MapGet("/healthz", () => TypedResults.Ok(Envelope<object>.Ok(null))).ExcludeFromDescription();
        app.MapFallback(Routes.ClientV4 + "/{**path}", (HttpContext http) =>
            throw Errors.RouteNotFound(http.Request.Path.Value ?? Routes.ClientV4))
            .ExcludeFromDescription();
    }
}
