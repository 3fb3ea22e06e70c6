using System.Threading.Channels;
using AddressMaps.Api.Data;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace AddressMaps.Api.Journal;

/// <summary>Writes journal entries in batches: every entry waiting when the writer comes round
/// goes in one COPY; once a tenth of the bound (at most 1,000) has gone in since the last trim,
/// the journal is trimmed to its bound, oldest first. Between trims the reads apply the bound
/// themselves (<see cref="JournalQuery"/>), so the journal never shows more than its bound. A request waits
/// for its own entry's batch, so once its answer is sent the entry is in PostgreSQL, for every
/// replica; none is lost. Cheap under load: concurrent requests share one round trip.</summary>
public sealed class JournalRecorder(NpgsqlDataSource dataSource, IOptions<AddressMapsOptions> options, ILogger<JournalRecorder> logger) : BackgroundService
{
    private sealed record Pending(JournalEntry Entry, TaskCompletionSource Done);

    private int sinceTrim;

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

    private async Task WriteAsync(IReadOnlyList<JournalEntry> entries, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using (var copy = await connection.BeginBinaryImportAsync(
            "COPY journal_entries (ray, time, method, path, query, operation, account_id, identity_kind, identity_id, identity_email, status, error_codes, duration_ms, request_body, request_truncated, response_body, response_truncated, fault) FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var e in entries)
            {
                await copy.StartRowAsync(ct);
                await copy.WriteAsync(e.Ray, NpgsqlDbType.Text, ct);
                await copy.WriteAsync(e.Time, NpgsqlDbType.TimestampTz, ct);
                foreach (var text in new[] { e.Method, e.Path, e.Query, e.Operation, e.AccountId, e.IdentityKind, e.IdentityId, e.IdentityEmail })
                {
                    await WriteTextAsync(copy, text, ct);
                }

                await copy.WriteAsync(e.Status, NpgsqlDbType.Integer, ct);
                await copy.WriteAsync(e.ErrorCodes, NpgsqlDbType.Array | NpgsqlDbType.Integer, ct);
                await copy.WriteAsync(e.DurationMs, NpgsqlDbType.Double, ct);
                await WriteTextAsync(copy, e.RequestBody, ct);
                await copy.WriteAsync(e.RequestTruncated, NpgsqlDbType.Boolean, ct);
                await WriteTextAsync(copy, e.ResponseBody, ct);
                await copy.WriteAsync(e.ResponseTruncated, NpgsqlDbType.Boolean, ct);
                await copy.WriteAsync(e.Fault, NpgsqlDbType.Boolean, ct);
            }

            await copy.CompleteAsync(ct);
        }

        sinceTrim += entries.Count;
        if (sinceTrim < Math.Clamp(MaxEntries / 10, 1, 1000))
        {
            return;
        }

        sinceTrim = 0;
        await using var trim = new NpgsqlCommand("DELETE FROM journal_entries WHERE id <= (SELECT max(id) FROM journal_entries) - $1", connection);
        trim.Parameters.AddWithValue(MaxEntries);
        await trim.ExecuteNonQueryAsync(ct);
    }

    private static Task WriteTextAsync(NpgsqlBinaryImporter copy, string? value, CancellationToken ct) =>
        value is null ? copy.WriteNullAsync(ct) : copy.WriteAsync(value, NpgsqlDbType.Text, ct);
}
