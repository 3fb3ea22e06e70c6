namespace AddressMaps.Api.ClockControl;

/// <summary>Reads and writes the clock's setting in PostgreSQL (shared by replicas) and applies it
/// to this process's <see cref="EmulatorTime"/> at once.</summary>
public sealed class ClockStore(AddressMapsDbContext db, EmulatorTime time)
{
    public async Task<ClockSetting> LoadAsync(CancellationToken ct)
    {
        var row = await db.Clock.AsNoTracking().SingleOrDefaultAsync(c => c.Id == 1, ct);
        var setting = row is null ? ClockSetting.Default
            : new ClockSetting(TimeSpan.FromMilliseconds(row.OffsetMs), row.FrozenAt is { } f ? new DateTimeOffset(f, TimeSpan.Zero) : null);
        time.Apply(setting);
        return setting;
    }

    /// <summary>Changes the setting in one statement (concurrent changes through two replicas
    /// serialise on the row) and applies it here.</summary>
    public async Task<ClockSetting> ChangeAsync(Func<ClockSetting, DateTimeOffset, ClockSetting> change, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.Database.ExecuteSqlAsync($"INSERT INTO emulator_clock (id, offset_ms, frozen_at) VALUES (1, 0, NULL) ON CONFLICT (id) DO NOTHING", ct);
        var row = await db.Clock.FromSql($"SELECT * FROM emulator_clock WHERE id = 1 FOR UPDATE").SingleAsync(ct);
        var current = new ClockSetting(TimeSpan.FromMilliseconds(row.OffsetMs), row.FrozenAt is { } f ? new DateTimeOffset(f, TimeSpan.Zero) : null);
        var next = change(current, time.SystemNow);
        row.OffsetMs = (long)next.Offset.TotalMilliseconds;
        row.FrozenAt = next.FrozenAt?.UtcDateTime;
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        db.ChangeTracker.Clear();
        time.Apply(next);
        return next;
    }
}

/// <summary>Re-reads the clock's setting twice a second, so a change made through another replica
/// is in force here within a second, without a round trip per request.</summary>
public sealed class ClockSync(IServiceScopeFactory scopes, ILogger<ClockSync> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<ClockStore>().LoadAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogDebug(e, "Clock re-read failed; keeping the last setting");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
