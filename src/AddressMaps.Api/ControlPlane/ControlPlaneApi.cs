using System.Reflection;
using AddressMaps.Api.Seed;
using Microsoft.AspNetCore.Authentication;

namespace AddressMaps.Api.ControlPlane;

/// <summary>The emulator's own API under /_emulator (EMULATOR.md §1–§3): health and readiness
/// (always open), accounts made on the fly, reset, seed, state and snapshots (admin only).</summary>
public sealed class ControlPlaneApi : ICapability
{
    public const string Prefix = "/_emulator";
    public const string Document = "emulator";
    private const string Tag = "Emulator control plane";

    public void MapRoutes(IEndpointRouteBuilder app)
    {
        var open = app.MapGroup(Prefix).WithTags(Tag).WithGroupName(Document);
        open.MapGet("/health", Health).WithOperation("emulator-health", "Liveness: the process runs (no database touched)");
        open.MapGet("/ready", Ready).WithOperation("emulator-ready", "Readiness: database reachable, migrations applied, seed loaded; 503 naming what is missing");

        var admin = AdminGroup(app, "", Tag);
        admin.MapPost("/accounts", CreateAccount).WithOperation("emulator-create-account", "Create an isolated account with zones, prefixes, a token and a user").WithRequestBody<CreateAccountRequest>().AnnouncesIdentityChange();
        admin.MapGet("/accounts", ListAccounts).WithOperation("emulator-list-accounts", "Every account, seeded or made here (origin seed | api)");
        admin.MapDelete("/accounts/{account_id:cfid}", DeleteAccount).WithOperation("emulator-delete-account", "Remove an account made here with everything under it").AnnouncesIdentityChange();
        admin.MapPost("/reset", Reset).WithOperation("emulator-reset", "Back to the seed (?account_id= for one account only); answers what was removed").AnnouncesIdentityChange();
        admin.MapGet("/seed", GetSeed).WithOperation("emulator-get-seed", "The seed document in force (secrets as SHA-256)");
        admin.MapPut("/seed", PutSeed).WithOperation("emulator-put-seed", "Load a seed document now (validated; upserted as at start-up)").WithRequestBody<Seed.SeedDocument>().AnnouncesIdentityChange();
        admin.MapGet("/state", GetState).WithOperation("emulator-get-state", "The whole state as one document (loadable as AddressMaps__SeedFile)");
        admin.MapPut("/state", PutState).WithOperation("emulator-put-state", "Replace the whole state with a state document, atomically").WithRequestBody<Seed.SeedDocument>().AnnouncesIdentityChange();
        admin.MapPost("/snapshots", SaveSnapshot).WithOperation("emulator-create-snapshot", "Store the whole state under a name").WithRequestBody<SnapshotRequest>();
        admin.MapGet("/snapshots", ListSnapshots).WithOperation("emulator-list-snapshots", "The stored snapshots");
        admin.MapPost("/snapshots/{name}/restore", RestoreSnapshot).WithOperation("emulator-restore-snapshot", "The state becomes exactly the snapshot's, atomically").AnnouncesIdentityChange();
        admin.MapDelete("/snapshots/{name}", DeleteSnapshot).WithOperation("emulator-delete-snapshot", "Forget a snapshot");
        app.MapFallback(Prefix + "/{**path}", (HttpContext http) =>
            throw Errors.NotFound.With($"no control-plane route for {http.Request.Method} {http.Request.Path}")).ExcludeFromDescription();
    }

    /// <summary>A route group of the control plane: under /_emulator, in the emulator's OpenAPI
    /// document, for the admin only (EMULATOR.md §0).</summary>
    public static RouteGroupBuilder AdminGroup(IEndpointRouteBuilder app, string path, string tag) =>
        app.MapGroup(Prefix + path).WithTags(tag).WithGroupName(Document).RequireAuthorization(AdminAuthentication.Policy);

    public void AddServices(IServiceCollection services)
    {
        services.AddSingleton<Readiness>();
        services.AddScoped<AccountFactory>();
        services.AddScoped<Snapshots>();
        services.AddScoped<Resetter>();
        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, AdminAuthentication>(AdminAuthentication.SchemeName, null);
        services.AddAuthorization(o => o.AddPolicy(AdminAuthentication.Policy, p => p.AddAuthenticationSchemes(AdminAuthentication.SchemeName).RequireAuthenticatedUser()));
        services.AddWireTypes(ControlPlaneJsonContext.Default);
    }

    private static readonly string Version =
        typeof(ControlPlaneApi).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    public static Ok<Envelope<HealthResponse>> Health() => TypedResults.Ok(Envelope<HealthResponse>.Ok(new HealthResponse("ok", Version)));

    public static async Task<Ok<Envelope<ReadyResponse>>> Ready(Readiness readiness, AddressMapsDbContext db, CancellationToken ct) =>
        TypedResults.Ok(Envelope<ReadyResponse>.Ok(await readiness.CheckAsync(db, ct)));

    public static async Task<Ok<Envelope<CreatedAccount>>> CreateAccount(CreateAccountRequest body, AccountFactory accounts, CancellationToken ct) =>
        TypedResults.Ok(Envelope<CreatedAccount>.Ok(await accounts.CreateAsync(body, ct)));

    public static async Task<Ok<Envelope<IReadOnlyList<AccountSummary>>>> ListAccounts(AccountFactory accounts, CancellationToken ct) =>
        TypedResults.Ok(Envelope<IReadOnlyList<AccountSummary>>.Ok(await accounts.ListAsync(ct)));

    public static async Task<Ok<Envelope<object>>> DeleteAccount([FromRoute(Name = Routes.AccountId)] string accountId, AccountFactory accounts, CancellationToken ct)
    {
        await accounts.DeleteAsync(accountId, ct);
        return TypedResults.Ok(Envelope<object>.Ok(null));
    }

    public static async Task<Ok<Envelope<ResetCounts>>> Reset([FromQuery(Name = Routes.AccountId)] string? accountId, Resetter resetter, CancellationToken ct)
    {
        var counts = await resetter.ResetAsync(accountId, ct);
        return TypedResults.Ok(Envelope<ResetCounts>.Ok(new ResetCounts(counts.Maps, counts.Accounts, counts.RateLimitCounters)));
    }

    /// <summary>The document itself, not an envelope, so that it can be saved and loaded as a seed file.</summary>
    public static async Task<IResult> GetSeed(WorldState world, CancellationToken ct) =>
        Results.Text(WorldState.Serialize(await world.SeedInForceAsync(ct)), ApiResponses.JsonContentType);

    public static async Task<Ok<Envelope<object>>> PutSeed(HttpContext http, WorldState world, CancellationToken ct)
    {
        await world.LoadAsync(await ReadDocumentAsync(http), ct);
        return TypedResults.Ok(Envelope<object>.Ok(null));
    }

    public static async Task<IResult> GetState(WorldState world, CancellationToken ct) =>
        Results.Text(WorldState.Serialize(await world.ExportAsync(ct)), ApiResponses.JsonContentType);

    public static async Task<Ok<Envelope<object>>> PutState(HttpContext http, WorldState world, CancellationToken ct)
    {
        await world.ReplaceAsync(await ReadDocumentAsync(http), ct);
        return TypedResults.Ok(Envelope<object>.Ok(null));
    }

    public static async Task<Ok<Envelope<SnapshotSummary>>> SaveSnapshot(SnapshotRequest body, Snapshots snapshots, CancellationToken ct) =>
        TypedResults.Ok(Envelope<SnapshotSummary>.Ok(await snapshots.SaveAsync(body.Name, ct)));

    public static async Task<Ok<Envelope<IReadOnlyList<SnapshotSummary>>>> ListSnapshots(Snapshots snapshots, CancellationToken ct) =>
        TypedResults.Ok(Envelope<IReadOnlyList<SnapshotSummary>>.Ok(await snapshots.ListAsync(ct)));

    public static async Task<Ok<Envelope<SnapshotSummary>>> RestoreSnapshot(string name, Snapshots snapshots, CancellationToken ct) =>
        TypedResults.Ok(Envelope<SnapshotSummary>.Ok(await snapshots.RestoreAsync(name, ct)));

    public static async Task<Ok<Envelope<object>>> DeleteSnapshot(string name, Snapshots snapshots, CancellationToken ct)
    {
        await snapshots.DeleteAsync(name, ct);
        return TypedResults.Ok(Envelope<object>.Ok(null));
    }

    /// <summary>A seed or state document from the body: JSON errors are 6007/1016 naming the field,
    /// rule errors 2004 naming each bad entry; nothing is applied either way.</summary>
    private static async Task<SeedDocument> ReadDocumentAsync(HttpContext http)
    {
        var (document, _) = await JsonBody.ReadObjectAsync(http, SeedJsonContext.Default.SeedDocument);
        try
        {
            SeedValidation.Validate(document);
            return document;
        }
        catch (InvalidOperationException e)
        {
            throw Errors.InvalidDocument.With(e.Message.Replace("\n  - ", " | ", StringComparison.Ordinal));
        }
    }
}
