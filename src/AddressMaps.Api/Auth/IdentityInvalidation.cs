using Npgsql;

namespace AddressMaps.Api.Auth;

/// <summary>Listens on PostgreSQL's <c>addressmaps_identity</c> channel, which the database's own
/// triggers notify on every change of accounts, users, their accounts, tokens and their policies
/// (migration IdentityNotifications), and empties <see cref="IdentityCache"/> on each. Reconnects
/// by itself; while disconnected the cache is off, so a replica never serves a copy it cannot
/// know to be current.</summary>
public sealed class IdentityInvalidation(NpgsqlDataSource dataSource, IdentityCache cache, ILogger<IdentityInvalidation> logger) : BackgroundService
{
    public const string Channel = "addressmaps_identity";

    /// <summary>Called by the writers of identity rows once their transaction is committed: sends one
    /// more notification and waits (at most a second) until it is back. Notifications arrive in
    /// commit order, so by then PostgreSQL has announced the writer's change to every replica,
    /// and the writer's answer can be sent.</summary>
    public async Task AnnounceAsync(CancellationToken ct)
    {
        var before = cache.Generation;
        await using (var notify = dataSource.CreateCommand($"SELECT pg_notify('{Channel}', 'announce')"))
        {
            await notify.ExecuteNonQueryAsync(ct);
        }

        await cache.WaitForChangeAsync(before, TimeSpan.FromSeconds(1));
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(stoppingToken);
                connection.Notification += (_, _) => cache.Invalidate();
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                cache.SetLive(true);
                while (true)
                {
                    await connection.WaitAsync(stoppingToken);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                if (cache.Live)
                {
                    logger.LogWarning("Identity cache off until PostgreSQL is back: {Error}", e.Message);
                }

                cache.SetLive(false);
                await Task.Delay(TimeSpan.FromMilliseconds(500), stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }

        cache.SetLive(false);
    }
}
