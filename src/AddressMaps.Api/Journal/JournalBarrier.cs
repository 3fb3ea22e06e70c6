using System.Collections.Concurrent;
using Npgsql;

namespace AddressMaps.Api.Journal;

/// <summary>What makes the journal's promise hold across replicas (EMULATOR.md §4: a call is in the
/// journal, on every replica, once its answer has been sent) now that entries are written just
/// after their answers (<see cref="JournalRecorder"/>). Before the journal is read or emptied, every
/// replica writes what it has queued: this one directly, the others when asked through PostgreSQL's
/// notifications on <see cref="Channel"/>. Each replica keeps one connection listening there, named
/// after it (application_name), so a reader knows which replicas to wait for: the ones connected
/// to the same database. Until a replica listens (its start, a lost connection) its answers wait
/// for their own entries (<see cref="Listening"/>). A replica that does not answer within two
/// seconds (gone, or its database away) is not waited for longer, and the log says so.</summary>
public sealed class JournalBarrier(NpgsqlDataSource dataSource, JournalRecorder recorder, ILogger<JournalBarrier> logger) : BackgroundService
{
    public const string Channel = "addressmaps_journal";
    private const string NamePrefix = "addressmaps-journal ";
    private static readonly TimeSpan PeerWait = TimeSpan.FromSeconds(2);

    private readonly string me = Identifiers.New()[..12];
    private readonly ConcurrentDictionary<string, Acks> asked = new();
    private volatile bool listening;
    private bool failedBefore;

    /// <summary>Whether other replicas can ask this one now. Until they can (start-up, a lost
    /// connection) an answer waits for its own entry, as JournalStage does.</summary>
    public bool Listening => listening;

    /// <summary>Acknowledgements still awaited from the other replicas for one request.</summary>
    private sealed class Acks(IEnumerable<string> replicas)
    {
        private readonly HashSet<string> left = [.. replicas];

        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public IReadOnlyList<string> Left
        {
            get
            {
                lock (left)
                {
                    return [.. left];
                }
            }
        }

        public void From(string replica)
        {
            lock (left)
            {
                if (left.Remove(replica) && left.Count == 0)
                {
                    Done.TrySetResult();
                }
            }
        }
    }

    /// <summary>Returns once every answer sent before the call, by any replica, has its entry stored.</summary>
    public async Task WaitAsync(CancellationToken ct)
    {
        await recorder.FlushAsync();
        var replicas = await OtherReplicasAsync(ct);
        if (replicas.Count == 0)
        {
            return;
        }

        var token = Identifiers.New();
        var acks = new Acks(replicas);
        asked[token] = acks;
        try
        {
            await NotifyAsync($"flush:{token}:{me}", ct);
            await acks.Done.Task.WaitAsync(PeerWait, ct);
        }
        catch (TimeoutException)
        {
            logger.LogWarning("Journal: replicas {Replicas} did not write their queued entries within {Seconds} s; read without them", string.Join(", ", acks.Left), PeerWait.TotalSeconds);
        }
        finally
        {
            asked.TryRemove(token, out _);
        }
    }

    private async Task<List<string>> OtherReplicasAsync(CancellationToken ct)
    {
        await using var query = dataSource.CreateCommand(
            "SELECT DISTINCT substr(application_name, $1) FROM pg_stat_activity WHERE datname = current_database() AND application_name LIKE $2 AND application_name <> $3");
        query.Parameters.AddWithValue(NamePrefix.Length + 1);
        query.Parameters.AddWithValue(NamePrefix + "%");
        query.Parameters.AddWithValue(NamePrefix + me);
        var replicas = new List<string>();
        await using var reader = await query.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            replicas.Add(reader.GetString(0));
        }

        return replicas;
    }

    private async Task NotifyAsync(string payload, CancellationToken ct)
    {
        await using var notify = dataSource.CreateCommand($"SELECT pg_notify('{Channel}', $1)");
        notify.Parameters.AddWithValue(payload);
        await notify.ExecuteNonQueryAsync(ct);
    }

    /// <summary>"flush:token:from" asks every other replica to write its queue and answer
    /// "flushed:token:itself".</summary>
    private void OnNotification(string payload)
    {
        var parts = payload.Split(':');
        if (parts is ["flush", var token, var from] && from != me)
        {
            _ = AnswerAsync(token);
        }
        else if (parts is ["flushed", var done, var by] && asked.TryGetValue(done, out var acks))
        {
            acks.From(by);
        }
    }

    private async Task AnswerAsync(string token)
    {
        try
        {
            await recorder.FlushAsync();
            await NotifyAsync($"flushed:{token}:{me}", CancellationToken.None);
        }
        catch (Exception e)
        {
            logger.LogWarning("Journal: could not tell another replica that this one's entries are stored ({Error})", e.Message);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ListenAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                if (!failedBefore)
                {
                    logger.LogWarning("Journal: not listening for other replicas until PostgreSQL is back (answers wait for their entries meanwhile): {Error}", e.Message);
                }

                failedBefore = true;
                await Task.Delay(TimeSpan.FromMilliseconds(500), stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    /// <summary>One listening connection, named after this replica, until it breaks or the host stops.</summary>
    private async Task ListenAsync(CancellationToken stoppingToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(stoppingToken);
        connection.Notification += (_, e) => OnNotification(e.Payload);
        await using (var listen = new NpgsqlCommand($"SET application_name = '{NamePrefix}{me}'; LISTEN {Channel}", connection))
        {
            await listen.ExecuteNonQueryAsync(stoppingToken);
        }

        listening = true;
        failedBefore = false;
        try
        {
            while (true)
            {
                await connection.WaitAsync(stoppingToken);
            }
        }
        finally
        {
            listening = false;
            // Back in the pool, the connection must not pass for this replica's listener.
            await using var reset = new NpgsqlCommand($"UNLISTEN {Channel}; RESET application_name", connection);
            await reset.ExecuteNonQueryAsync(CancellationToken.None).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }
}
