using System.Text.Json;
using System.Text.Json.Serialization;
using AddressMaps.Api.ControlPlane;

namespace AddressMaps.Api.ClockControl;

/// <summary>GET/POST /_emulator/clock (EMULATOR.md §6): read, advance, set, freeze, reset.</summary>
public sealed class ClockApi : ICapability
{
    public void MapRoutes(IEndpointRouteBuilder app)
    {
        var group = ControlPlaneApi.AdminGroup(app, "/clock", "Emulator clock");
        group.MapGet("", Get).WithOperation("emulator-get-clock", "The emulator's time, its offset from the system clock, and whether it is frozen");
        group.MapPost("", Change).WithOperation("emulator-change-clock", "One of {advance_seconds}, {set}, {freeze: true|false}, {reset: true}; every replica follows within a second").WithRequestBody<ClockRequest>();
    }

    public void AddServices(IServiceCollection services)
    {
        services.AddScoped<ClockStore>();
        services.AddHostedService<ClockSync>();
        services.AddWireTypes(ClockJsonContext.Default);
    }

    public static Ok<Envelope<ClockResponse>> Get(EmulatorTime time) => TypedResults.Ok(Envelope<ClockResponse>.Ok(ClockResponse.Of(time)));

    public static async Task<Ok<Envelope<ClockResponse>>> Change(ClockRequest body, ClockStore store, EmulatorTime time, CancellationToken ct)
    {
        var change = body.ToChange();
        await store.ChangeAsync(change, ct);
        return TypedResults.Ok(Envelope<ClockResponse>.Ok(ClockResponse.Of(time)));
    }
}

public sealed record ClockResponse(string Now, double OffsetSeconds, bool Frozen)
{
    public static ClockResponse Of(EmulatorTime time) =>
        new(Text.Timestamp(Platform.Clock.Truncate(time.GetUtcNow().UtcDateTime)), time.Setting.FrozenAt is { } f ? (f - time.SystemNow).TotalSeconds : time.Setting.Offset.TotalSeconds, time.Setting.FrozenAt is not null);
}

/// <summary>Exactly one of the fields; anything else is 2004 naming it.</summary>
public sealed record ClockRequest(double? AdvanceSeconds, DateTimeOffset? Set, bool? Freeze, bool? Reset)
{
    public static async ValueTask<ClockRequest?> BindAsync(HttpContext context) =>
        (await JsonBody.ReadObjectAsync(context, ClockJsonContext.Default.ClockRequest)).Value;

    public Func<ClockSetting, DateTimeOffset, ClockSetting> ToChange()
    {
        var given = new object?[] { AdvanceSeconds, Set, Freeze, Reset }.Count(v => v is not null);
        if (given != 1)
        {
            throw Errors.InvalidDocument.With("clock: send exactly one of advance_seconds, set, freeze, reset");
        }

        return (AdvanceSeconds, Set, Freeze, Reset) switch
        {
            ({ } s, _, _, _) when double.IsFinite(s) && Math.Abs(s) < 1e10 => (c, _) => c.Advanced(TimeSpan.FromSeconds(s)),
            (null, { } at, _, _) => (c, system) => c.SetTo(at.ToUniversalTime(), system),
            (null, null, { } freeze, _) => (c, system) => c.Frozen(freeze, system),
            (null, null, null, true) => (_, _) => ClockSetting.Default,
            _ => throw Errors.InvalidDocument.With("clock: advance_seconds must be a finite number of seconds; reset must be true"),
        };
    }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(Envelope<ClockResponse>))]
[JsonSerializable(typeof(ClockRequest))]
public sealed partial class ClockJsonContext : JsonSerializerContext;
