using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Npgsql;

namespace AddressMaps.Api.Journal;

/// <summary>Writes journal entries in batches: every entry waiting when the writer comes round
/// goes in one INSERT; once a tenth of the bound (at most 1,000) has gone in since the last trim,
/// the journal is trimmed to its bound, oldest first, beside the writes. Between trims the reads apply the bound
/// themselves (<see cref="JournalQuery"/>), so the journal never shows more than its bound. A request waits
/// for its own entry's batch, so once its answer is sent the entry is in PostgreSQL, for every
/// replica; none is lost. Cheap under load: concurrent requests share one round trip.</summary>
public sealed class JournalRecorder(NpgsqlDataSource dataSource, IOptions<AddressMapsOptions> options, ILogger<JournalRecorder> logger) : BackgroundService
{
    private sealed record Pending(JournalEntry Entry, TaskCompletionSource Done);

    private int sinceTrim;
    private int trimming;

    private int MaxEntries => Math.Max(1, options.Value.Journal.MaxEntries);

    private readonly Channel<Pending> queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>Completes when the entry is stored (or, if the database is away, when that failed:
    /// the answer is not held back by the journal).</summary>
    public Task RecordAsync(JournalEntry entry)
    {
        var pending = new Pending(entry, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        return queue.Writer.TryWrite(pending) ? pending.Done.Task : Task.CompletedTask;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<Pending>();
        while (await queue.Reader.WaitToReadAsync(stoppingToken))
        {
            while (batch.Count < 500 && queue.Reader.TryRead(out var p))
            {
                batch.Add(p);
            }

            try
            {
                await WriteAsync(batch.Select(p => p.Entry).ToList(), stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning("Journal: {Count} entries not stored ({Error})", batch.Count, e.Message);
            }

            batch.ForEach(p => p.Done.TrySetResult());
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

    private async Task WriteAsync(IReadOnlyList<JournalEntry> entries, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using (var insert = new NpgsqlCommand(Insert, connection))
        {
            foreach (var column in Columns(entries))
            {
                insert.Parameters.Add(new NpgsqlParameter { Value = column });
            }

            await insert.ExecuteNonQueryAsync(ct);
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
