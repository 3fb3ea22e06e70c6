using System.Globalization;
using System.Text.RegularExpressions;

namespace AddressMaps.Api.Journal;

/// <summary>Filters over the journal, in SQL; a bad filter is 2004 naming it. Each call first waits
/// for the entries of answers already sent (<see cref="JournalBarrier"/>).</summary>
public sealed class JournalQuery(AddressMapsDbContext db, JournalBarrier barrier, Microsoft.Extensions.Options.IOptions<AddressMapsOptions> options)
{
    public async Task<IReadOnlyList<JournalItem>> ListAsync(JournalFilter f, CancellationToken ct)
    {
        var limit = f.Limit is null ? 100 : int.TryParse(f.Limit, NumberStyles.None, CultureInfo.InvariantCulture, out var l) && l is >= 1 and <= 1000 ? l
            : throw Errors.InvalidDocument.With($"limit: '{Text.Shorten(f.Limit)}' is not a whole number from 1 to 1000");
        int? status = f.Status is null ? null : int.TryParse(f.Status, NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s
            : throw Errors.InvalidDocument.With($"status: '{Text.Shorten(f.Status)}' is not an HTTP status");
        DateTime? since = f.Since is null ? null : DateTimeOffset.TryParse(f.Since, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t.UtcDateTime
            : throw Errors.InvalidDocument.With($"since: '{Text.Shorten(f.Since)}' is not an RFC 3339 time");
        var query = Matching(f.Method, f.Path, f.Operation, f.AccountId, status);
        if (since is not null)
        {
            query = query.Where(j => j.Time >= since);
        }

        await barrier.WaitAsync(ct);
        var rows = await query.OrderByDescending(j => j.Id).Take(limit).ToListAsync(ct);
        return rows.Select(ToItem).ToList();
    }

    public async Task<VerifyResult> VerifyAsync(VerifyRequest r, CancellationToken ct)
    {
        if (new[] { r.Count, r.AtLeast, r.AtMost }.Count(v => v is not null) > 1)
        {
            throw Errors.InvalidDocument.With("verify: give one of count, at_least, at_most");
        }

        await barrier.WaitAsync(ct);
        var matched = await Matching(r.Method, r.Path, r.Operation, r.AccountId, r.Status).CountAsync(ct);
        var ok = r.Count is { } c ? matched == c : r.AtMost is { } most ? matched <= most : matched >= (r.AtLeast ?? 1);
        return new VerifyResult(matched, ok);
    }

    /// <summary>Forgets every entry (or one account's), including those of answers already sent.</summary>
    public async Task ClearAsync(string? accountId, CancellationToken ct)
    {
        await barrier.WaitAsync(ct);
        await db.Journal.Where(j => accountId == null || j.AccountId == accountId).ExecuteDeleteAsync(ct);
    }

    private IQueryable<JournalEntry> Matching(string? method, string? path, string? operation, string? accountId, int? status)
    {
        // The bound, as the recorder trims only now and then: the newest MaxEntries ids.
        var bound = Math.Max(1, options.Value.Journal.MaxEntries);
        var query = db.Journal.AsNoTracking().Where(j => j.Id > db.Journal.Max(x => x.Id) - bound);
        if (method is not null)
        {
            var m = method.ToUpperInvariant();
            query = query.Where(j => j.Method == m);
        }

        if (path is not null)
        {
            var pattern = Text.SegmentPattern(path);
            query = query.Where(j => Regex.IsMatch(j.Path, pattern));
        }

        query = operation is null ? query : query.Where(j => j.Operation == operation);
        query = accountId is null ? query : query.Where(j => j.AccountId == accountId);
        return status is null ? query : query.Where(j => j.Status == status);
    }

    private static JournalItem ToItem(JournalEntry j) => new(
        j.Ray, Text.Timestamp(j.Time), j.Method, j.Path, j.Query, j.Operation, j.AccountId,
        j.IdentityKind is null ? null : new JournalIdentity(j.IdentityKind, j.IdentityId, j.IdentityEmail),
        j.Status, j.ErrorCodes, j.DurationMs, j.RequestBody, j.RequestTruncated, j.ResponseBody, j.ResponseTruncated, j.Fault);
}
