namespace AddressMaps.Api.Platform;

/// <summary>Whether this process can serve: start-up's steps (set once done) and the database
/// (asked on every call, for at most a second).</summary>
public sealed class Readiness
{
    public bool MigrationsApplied { get; set; }

    public bool SeedLoaded { get; set; }

    public async Task<ControlPlane.ReadyResponse> CheckAsync(AddressMapsDbContext db, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(1));
        bool database;
        try
        {
            database = await db.Database.CanConnectAsync(timeout.Token);
        }
        catch (Exception e) when (e is OperationCanceledException || DatabaseOutage.IsOutage(e))
        {
            database = false;
        }

        var answer = new ControlPlane.ReadyResponse(
            database && MigrationsApplied && SeedLoaded ? "ready" : "not_ready",
            database ? "ok" : "unreachable",
            MigrationsApplied ? "applied" : "pending",
            SeedLoaded ? "loaded" : "pending");
        return answer.Status == "ready" ? answer
            : throw Errors.NotReady.With($"Not ready: database {answer.Database}, migrations {answer.Migrations}, seed {answer.Seed}");
    }
}
