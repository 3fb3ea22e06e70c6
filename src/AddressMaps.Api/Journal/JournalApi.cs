using System.Text.Json.Serialization;
using AddressMaps.Api.ControlPlane;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace AddressMaps.Api.Journal;

/// <summary>The request journal (EMULATOR.md §4): what the emulator was sent, newest first; verify
/// a count; clear. Recorded by <see cref="JournalStage"/>, the outermost stage after the log line.</summary>
public sealed class JournalApi : ICapability
{
    public void MapRoutes(IEndpointRouteBuilder app)
    {
        var group = ControlPlaneApi.AdminGroup(app, "/requests", "Emulator journal");
        group.MapGet("", List).WithName("emulator-list-requests").WithSummary("Recorded requests, newest first; filters method, path (* = one segment), operation, account_id, status, since, limit");
        group.MapPost("/verify", Verify).WithName("emulator-verify-requests").WithSummary("How many recorded requests match, against count, at_least or at_most")
            .WithRequestBody<VerifyRequest>();
        group.MapDelete("", Clear).WithName("emulator-clear-requests").WithSummary("Forget recorded requests (all, or ?account_id=)");
    }

    public void AddServices(IServiceCollection services)
    {
        services.AddSingleton<JournalRecorder>();
        services.AddHostedService(sp => sp.GetRequiredService<JournalRecorder>());
        services.AddSingleton<JournalBarrier>();
        services.AddHostedService(sp => sp.GetRequiredService<JournalBarrier>());
        services.AddScoped<JournalQuery>();
        services.AddWireTypes(JournalJsonContext.Default);
    }

    public void UseEarly(WebApplication app)
    {
        if (app.Services.GetRequiredService<IOptions<AddressMapsOptions>>().Value.Journal.Enabled)
        {
            app.UseMiddleware<JournalStage>();
        }
    }

    public void UseAfterRouting(WebApplication app)
    {
        if (app.Services.GetRequiredService<IOptions<AddressMapsOptions>>().Value.Journal.Enabled)
        {
            app.Use(JournalStage.NoteRouteAsync);
        }
    }

    public static async Task<Ok<Envelope<IReadOnlyList<JournalItem>>>> List([AsParameters] JournalFilter filter, JournalQuery query, CancellationToken ct) =>
        TypedResults.Ok(Envelope<IReadOnlyList<JournalItem>>.Ok(await query.ListAsync(filter, ct)));

    public static async Task<Ok<Envelope<VerifyResult>>> Verify(VerifyRequest body, JournalQuery query, CancellationToken ct) =>
        TypedResults.Ok(Envelope<VerifyResult>.Ok(await query.VerifyAsync(body, ct)));

    public static async Task<Ok<Envelope<object>>> Clear([FromQuery(Name = Routes.AccountId)] string? accountId, JournalQuery query, CancellationToken ct)
    {
        await query.ClearAsync(accountId, ct);
        return TypedResults.Ok(Envelope<object>.Ok(null));
    }
}

public sealed record JournalFilter(
    [FromQuery(Name = "method")] string? Method,
    [FromQuery(Name = "path")] string? Path,
    [FromQuery(Name = "operation")] string? Operation,
    [FromQuery(Name = "account_id")] string? AccountId,
    [FromQuery(Name = "status")] string? Status,
    [FromQuery(Name = "since")] string? Since,
    [FromQuery(Name = "limit")] string? Limit);

public sealed record JournalIdentity(
    string Kind,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Id,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Email);

public sealed record JournalItem(
    string Id, string Time, string Method, string Path, string? Query, string? Operation, string? AccountId, JournalIdentity? Identity,
    int Status, IReadOnlyList<int> ErrorCodes, double DurationMs, string? RequestBody, bool RequestTruncated, string? ResponseBody,
    bool ResponseTruncated, bool Fault);

public sealed record VerifyRequest(string? Method, string? Path, string? Operation, string? AccountId, int? Status, int? Count, int? AtLeast, int? AtMost)
{
    public static async ValueTask<VerifyRequest?> BindAsync(HttpContext context) =>
        (await JsonBody.ReadObjectAsync(context, JournalJsonContext.Default.VerifyRequest)).Value;
}

public sealed record VerifyResult(int Matched, bool Ok);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(Envelope<IReadOnlyList<JournalItem>>))]
[JsonSerializable(typeof(Envelope<VerifyResult>))]
[JsonSerializable(typeof(VerifyRequest))]
public sealed partial class JournalJsonContext : JsonSerializerContext;
