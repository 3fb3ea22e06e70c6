using System.Text.Json.Serialization;
using AddressMaps.Api.ControlPlane;

namespace AddressMaps.Api.Faults;

/// <summary>Fault rules (EMULATOR.md §5): create, list, delete one, delete all. The per-request
/// header <c>cf-emulator-fault</c> needs no call here.</summary>
public sealed class FaultsApi : ICapability
{
    public void MapRoutes(IEndpointRouteBuilder app)
    {
        var group = ControlPlaneApi.AdminGroup(app, "/faults", "Emulator faults");
        group.MapPost("", Create).WithOperation("emulator-create-fault", "A rule: which requests (match), what they get (fault), how often (probability with seed, times)").WithRequestBody<FaultRuleRequest>();
        group.MapGet("", List).WithOperation("emulator-list-faults", "The rules in force, with what remains of each");
        group.MapDelete("/{id}", Delete).WithOperation("emulator-delete-fault", "Remove a rule");
        group.MapDelete("", DeleteAll).WithOperation("emulator-delete-faults", "Remove every rule");
    }

    public static ApiException FaultNotFound(string id) => Errors.NotFound.With($"fault rule {Text.Shorten(id)} does not exist");

    public void AddServices(IServiceCollection services)
    {
        services.AddSingleton<FaultRules>();
        services.AddHostedService(sp => sp.GetRequiredService<FaultRules>());
        services.AddScoped<FaultDecider>();
        services.AddWireTypes(FaultsJsonContext.Default);
    }

    public void UseAfterRouting(WebApplication app) => app.UseMiddleware<FaultStage>();

    public static async Task<Ok<Envelope<FaultRuleView>>> Create(FaultRuleRequest body, AddressMapsDbContext db, FaultRules rules, Platform.Clock clock, CancellationToken ct)
    {
        var rule = body.ToRule(Identifiers.New(), clock.Now());
        db.FaultRules.Add(rule);
        await db.SaveChangesAsync(ct);
        await rules.RefreshAsync(db, ct);
        return TypedResults.Ok(Envelope<FaultRuleView>.Ok(FaultRuleView.Of(rule)));
    }

    public static async Task<Ok<Envelope<IReadOnlyList<FaultRuleView>>>> List(AddressMapsDbContext db, CancellationToken ct) =>
        TypedResults.Ok(Envelope<IReadOnlyList<FaultRuleView>>.Ok((await db.FaultRules.AsNoTracking().Where(r => r.Remaining == null || r.Remaining > 0)
            .OrderBy(r => r.CreatedAt).ThenBy(r => r.Id).ToListAsync(ct)).Select(FaultRuleView.Of).ToList()));

    public static async Task<Ok<Envelope<object>>> Delete(string id, AddressMapsDbContext db, FaultRules rules, CancellationToken ct)
    {
        if (await db.FaultRules.Where(r => r.Id == id).ExecuteDeleteAsync(ct) == 0)
        {
            throw FaultNotFound(id);
        }

        await rules.RefreshAsync(db, ct);
        return TypedResults.Ok(Envelope<object>.Ok(null));
    }

    public static async Task<Ok<Envelope<object>>> DeleteAll(AddressMapsDbContext db, FaultRules rules, CancellationToken ct)
    {
        await db.FaultRules.ExecuteDeleteAsync(ct);
        await rules.RefreshAsync(db, ct);
        return TypedResults.Ok(Envelope<object>.Ok(null));
    }
}

public sealed record FaultMatch(string? Method, string? Path, string? Operation, string? AccountId);

public sealed record FaultSpec(int? Status, int? Code, string? Message, int? RetryAfter, int? LatencyMs, bool? Abort, bool? After);

public sealed record FaultRuleRequest(FaultMatch? Match, FaultSpec? Fault, double? Probability, long? Seed, int? Times)
{
    public static async ValueTask<FaultRuleRequest?> BindAsync(HttpContext context) =>
        (await JsonBody.ReadObjectAsync(context, FaultsJsonContext.Default.FaultRuleRequest)).Value;

    public FaultRule ToRule(string id, DateTime now)
    {
        var f = Fault ?? throw Invalid("fault is required");
        Check(f.Status is null or (>= 100 and <= 599), "fault.status must be an HTTP status (100 to 599)");
        Check(f.Code is null or (>= 1 and <= 99999), "fault.code must be 1 to 99999");
        Check(f.RetryAfter is null or (>= 0 and <= 86400), "fault.retry_after must be 0 to 86400 seconds");
        Check(f.LatencyMs is null or (>= 0 and <= 60000), "fault.latency_ms must be 0 to 60000");
        Check(f.Status is not null || f.Code is not null || f.LatencyMs > 0 || f.Abort == true, "fault must answer (status or code), wait (latency_ms) or abort");
        Check(Probability is null or (>= 0 and <= 1), "probability must be from 0 to 1");
        Check(Times is null or >= 1, "times must be 1 or more");
        Check(Match?.Method is null || Match.Method.All(char.IsAsciiLetter), "match.method must be an HTTP method");
        Text.EnsureStorable("fault.message", f.Message);
        return new FaultRule
        {
            Id = id, MatchMethod = Match?.Method?.ToUpperInvariant(), MatchPath = Match?.Path, MatchOperation = Match?.Operation, MatchAccountId = Match?.AccountId,
            Status = f.Status, Code = f.Code, Message = f.Message, RetryAfter = f.RetryAfter, LatencyMs = f.LatencyMs ?? 0, Abort = f.Abort ?? false, After = f.After ?? false,
            Probability = Probability ?? 1.0, Seed = Seed ?? 0, Remaining = Times, CreatedAt = now,
        };
    }

    private static void Check(bool ok, string why)
    {
        if (!ok)
        {
            throw Invalid(why);
        }
    }

    private static ApiException Invalid(string why) => Errors.InvalidFault.With("fault rule: " + why);
}

public sealed record FaultRuleView(string Id, FaultMatch Match, FaultSpec Fault, double Probability, long Seed, int? Remaining, string CreatedAt)
{
    public static FaultRuleView Of(FaultRule r) => new(
        r.Id, new FaultMatch(r.MatchMethod, r.MatchPath, r.MatchOperation, r.MatchAccountId),
        new FaultSpec(r.Status, r.Code, r.Message, r.RetryAfter, r.LatencyMs, r.Abort, r.After),
        r.Probability, r.Seed, r.Remaining, Text.Timestamp(r.CreatedAt));
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, NumberHandling = JsonNumberHandling.Strict,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(FaultRuleRequest))]
[JsonSerializable(typeof(Envelope<FaultRuleView>))]
[JsonSerializable(typeof(Envelope<IReadOnlyList<FaultRuleView>>))]
public sealed partial class FaultsJsonContext : JsonSerializerContext;
