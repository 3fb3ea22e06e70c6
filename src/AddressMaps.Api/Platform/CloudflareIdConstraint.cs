
namespace AddressMaps.Api.Platform;

/// <summary>Route constraint <c>cfid</c>: 32 lowercase hex. A path whose id fails it matches no
/// route and gets Cloudflare's 7003 from the fallback.</summary>
public sealed class CloudflareIdConstraint : IRouteConstraint
{
    public bool Match(HttpContext? httpContext, IRouter? route, string routeKey, RouteValueDictionary values, RouteDirection routeDirection) =>
        values.TryGetValue(routeKey, out var value) && Identifiers.IsCloudflareId(value as string);
}
