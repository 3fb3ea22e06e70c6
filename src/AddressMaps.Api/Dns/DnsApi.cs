using AddressMaps.Api.ControlPlane;

namespace AddressMaps.Api.Dns;

/// <summary>What Cloudflare would answer (EMULATOR.md §8, §9): the DNS-answer view, the default-SNI
/// view (both admin-only, like every /_emulator call but health and ready) and a real
/// authoritative DNS server, all answering from one <see cref="DnsSnapshot"/> through the pure
/// <see cref="DnsResolution"/> and <see cref="DefaultSni"/>.</summary>
public sealed class DnsApi : ICapability
{
    private const string Tag = "Emulator: what Cloudflare would answer";

    public void MapRoutes(IEndpointRouteBuilder app)
    {
        var group = ControlPlaneApi.AdminGroup(app, "", Tag);
        group.MapGet("/dns", Answer).WithOperation("emulator-dns-answer", "What Cloudflare's DNS would answer for ?name=&type= (default A), with the trace of the decision");
        group.MapGet("/tls/default-sni", DefaultSniFor).WithOperation("emulator-tls-default-sni", "The default SNI a TLS client without SNI would get on ?ip=, with conflicting maps");
    }

    public void UseEarly(WebApplication app) => app.UseMiddleware<DnsInvalidation>();

    public void AddServices(IServiceCollection services)
    {
        services.AddSingleton<DnsSnapshot>();
        services.AddHostedService<DnsServerHost>();
        services.AddWireTypes(DnsJsonContext.Default);
    }

    public static async Task<Ok<Envelope<DnsAnswerView>>> Answer(
        [FromQuery(Name = "name")] string? name, [FromQuery(Name = "type")] string? type, DnsSnapshot snapshot, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(name))
        {
            throw Errors.InvalidParameter.With("invalid_parameter: name is required (e.g. ?name=shop.example&type=A)");
        }

        if (DnsNames.Problem(name) is { } problem)
        {
            throw Errors.InvalidParameter.With($"invalid_parameter: name '{Text.Shorten(name)}': {problem}");
        }

        var t = (type ?? "A").ToUpperInvariant();
        if (!DnsNames.KnownTypes.Contains(t))
        {
            throw Errors.InvalidParameter.With($"invalid_parameter: type '{Text.Shorten(type!)}' is not a DNS record type ({string.Join(", ", DnsNames.KnownTypes)})");
        }

        var answer = DnsResolution.Resolve(await snapshot.GetAsync(ct), name, t);
        return TypedResults.Ok(Envelope<DnsAnswerView>.Ok(DnsAnswerView.Of(answer)));
    }

    public static async Task<Ok<Envelope<DefaultSniView>>> DefaultSniFor([FromQuery(Name = "ip")] string? ip, DnsSnapshot snapshot, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(ip))
        {
            throw Errors.InvalidParameter.With("invalid_parameter: ip is required (e.g. ?ip=192.0.0.1)");
        }

        if (!IpAddresses.TryParse(ip, out var address))
        {
            throw Errors.InvalidParameter.With($"invalid_parameter: ip '{Text.Shorten(ip)}' is not an IPv4 or IPv6 address");
        }

        var answer = DefaultSni.For(address, (await snapshot.GetAsync(ct)).Maps)
            ?? throw Errors.NotFound.With($"not_found: no address map holding {IpAddresses.Canonical(address)} has a default SNI");
        return TypedResults.Ok(Envelope<DefaultSniView>.Ok(DefaultSniView.Of(answer)));
    }
}

/// <summary>A write request (any method but GET, HEAD and OPTIONS) makes this replica's DNS
/// snapshot stale when its answer starts, after the write committed, so the next DNS answer sees
/// it. Cheap: no database work.</summary>
internal sealed class DnsInvalidation(RequestDelegate next, DnsSnapshot snapshot)
{
    public Task InvokeAsync(HttpContext context)
    {
        var method = context.Request.Method;
        if (!HttpMethods.IsGet(method) && !HttpMethods.IsHead(method) && !HttpMethods.IsOptions(method))
        {
            context.Response.OnStarting(() =>
            {
                snapshot.Invalidate();
                return Task.CompletedTask;
            });
        }

        return next(context);
    }
}
