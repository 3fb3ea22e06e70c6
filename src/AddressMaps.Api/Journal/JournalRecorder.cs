using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Npgsql;

namespace AddressMaps.Api.Journal;

/// <summary>Writes journal entries in batches, just after their answers are sent: every entry
/// waiting when the writer comes round goes in one INSERT. Nothing waits for it but a reader of the
/// journal, which first has every replica write what it has queued (<see cref="JournalBarrier"/>),
/// so a call is in the journal, on every replica, once its answer has been sent; none is lost,
/// and a stop writes what is queued before the process ends. Once a tenth of the bound (at most
/// 1,000) has gone in since the last trim, the journal is trimmed to its bound, oldest first,
/// beside the writes; between trims the reads apply the bound themselves (<see cref="JournalQuery"/>).</summary>
public sealed class JournalRecorder(NpgsqlDataSource dataSource, IOptions<AddressMapsOptions> options, ILogger<JournalRecorder> logger) : BackgroundService
{
    /// <summary>An entry to write, or (Entry null) a flush mark, done once everything queued before it is written.</summary>
    private sealed record Pending(JournalEntry? Entry, TaskCompletionSource? Done);

    /// <summary>How long the writer lets entries gather before it writes them, unless a reader is
    /// waiting: one INSERT for a client's many calls instead of one each. Issue 13, one client
    /// calling details, p50: 0.71-0.75 ms with an INSERT per call, 0.59-0.66 ms gathering 5 ms,
    /// 0.56-0.63 ms gathering 50 ms; 0.40-0.45 ms without the journal (a noisy machine). With 20 ms,
    /// scripts/bench measured 0.33-0.39 ms; under load 2 ms and 20 ms measured the same.</summary>
    private static readonly TimeSpan Gather = TimeSpan.FromMilliseconds(20);

    private int sinceTrim;
    private int trimming;
    private int flushesQueued;
    private TaskCompletionSource flushAsked = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private int MaxEntries => Math.Max(1, options.Value.Journal.MaxEntries);

    private readonly Channel<Pending> queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>Queues the entry of an answer about to be sent.</summary>
    public void Record(JournalEntry entry) => queue.Writer.TryWrite(new Pending(entry, null));

    /// <summary>Completes once every entry queued before the call is stored (or failed to be:
    /// with the database away, the journal cannot be written either, and a warning says so).</summary>
    public Task FlushAsync()
    {
        var mark = new Pending(null, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        Interlocked.Increment(ref flushesQueued);
        if (!queue.Writer.TryWrite(mark))
        {
            return Task.CompletedTask;
        }

        Volatile.Read(ref flushAsked).TrySetResult();
        return mark.Done!.Task;
    }

    /// <summary>The server has stopped taking requests by now: what is queued is written first.</summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        queue.Writer.TryComplete();
        if (ExecuteTask is { } writing)
        {
            await writing.WaitAsync(cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }

        await base.StopAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<Pending>();
        while (await queue.Reader.WaitToReadAsync(CancellationToken.None))
        {
            var asked = Volatile.Read(ref flushAsked);
            if (Volatile.Read(ref flushesQueued) == 0)
            {
                await Task.WhenAny(asked.Task, Task.Delay(Gather, CancellationToken.None));
            }

            while (batch.Count < 500 && queue.Reader.TryRead(out var p))
            {
                batch.Add(p);
            }

            Interlocked.Add(ref flushesQueued, -batch.Count(p => p.Entry is null));
            if (asked.Task.IsCompleted)
            {
                Volatile.Write(ref flushAsked, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
            }

            var entries = batch.Where(p => p.Entry is not null).Select(p => p.Entry!).ToList();
            try
            {
                if (entries.Count > 0)
                {
                    await WriteAsync(entries);
                }
            }
            catch (Exception e)
            {
                logger.LogWarning("Journal: {Count} entries not stored ({Error})", entries.Count, e.Message);
            }

            batch.ForEach(p => p.Done?.TrySetResult());
            batch.Clear();
        }
    }

    /// <summary>One statement, one round trip, however many entries: each column goes as an array
    /// and <c>unnest</c> makes the rows, in the order the requests finished.</summary>
    private const string Insert = """
        INSERT INTO journal_entries (ray, time, method, path, query, operation, account_id, identity_kind, identity_id, identity_email,
                                     status, error_codes, duration_ms, request_body, request_truncated, response_body, response_truncated, fault)
        SELECT ray, time, method, path, query, operation, account_id, identity_kind, identity_id, identity_email,
               status, error_codes::int[], duration_ms, request_body, request_truncated, response_body, response_truncated, fault
        FROM unnest($1::text[], $2::timestamptz[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[],
                    $11::int[], $12::text[], $13::float8[], $14::text[], $15::bool[], $16::text[], $17::bool[], $18::bool[])
             WITH ORDINALITY AS t(ray, time, method, path, query, operation, account_id, identity_kind, identity_id, identity_email,
                                  status, error_codes, duration_ms, request_body, request_truncated, response_body, response_truncated, fault, n)
        ORDER BY n
        """;

    private async Task WriteAsync(IReadOnlyList<JournalEntry> entries)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using (var insert = new NpgsqlCommand(Insert, connection))
        {
            foreach (var column in Columns(entries))
            {
                insert.Parameters.Add(new NpgsqlParameter { Value = column });
            }

            await insert.ExecuteNonQueryAsync();
        }

        sinceTrim += entries.Count;
        if (sinceTrim >= Math.Clamp(MaxEntries / 10, 1, 1000) && Interlocked.Exchange(ref trimming, 1) == 0)
        {
            sinceTrim = 0;
            _ = Task.Run(TrimAsync, CancellationToken.None); // beside the writes: no request waits for it (issue 13: 2.5 ms every 1,000 entries)
        }
    }

    /// <summary>Down to the bound, oldest first, on a connection of its own; one trim at a time.</summary>
    private async Task TrimAsync()
    {
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync();
            await using var trim = new NpgsqlCommand("DELETE FROM journal_entries WHERE id <= (SELECT max(id) FROM journal_entries) - $1", connection);
            trim.Parameters.AddWithValue(MaxEntries);
            await trim.ExecuteNonQueryAsync();
        }
        catch (Exception e)
        {
            logger.LogWarning("Journal: not trimmed to its bound this time ({Error})", e.Message);
        }
        finally
        {
            Volatile.Write(ref trimming, 0);
        }
    }

    private static object[] Columns(IReadOnlyList<JournalEntry> e) =>
    [
        Col(e, x => x.Ray), e.Select(x => x.Time).ToArray(), Col(e, x => x.Method), Col(e, x => x.Path), Col(e, x => x.Query),
        Col(e, x => x.Operation), Col(e, x => x.AccountId), Col(e, x => x.IdentityKind), Col(e, x => x.IdentityId), Col(e, x => x.IdentityEmail),
        e.Select(x => x.Status).ToArray(), Col(e, x => "{" + string.Join(',', x.ErrorCodes) + "}"), e.Select(x => x.DurationMs).ToArray(),
        Col(e, x => x.RequestBody), e.Select(x => x.RequestTruncated).ToArray(), Col(e, x => x.ResponseBody),
        e.Select(x => x.ResponseTruncated).ToArray(), e.Select(x => x.Fault).ToArray(),
    ];

    private static string?[] Col(IReadOnlyList<JournalEntry> entries, Func<JournalEntry, string?> text) => entries.Select(text).ToArray();
}
