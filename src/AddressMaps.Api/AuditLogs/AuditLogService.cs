namespace AddressMaps.Api.AuditLogs;

/// <summary>Reads an account's audit log: the filters in SQL, newest first unless asked otherwise,
/// one page.</summary>
public sealed class AuditLogService(AddressMapsDbContext db)
{
    public async Task<AuditLogPage> ListAsync(string accountId, AuditLogFilter filter, CancellationToken ct)
    {
        var query = Filtered(db.AuditLogEntries.AsNoTracking().Where(e => e.AccountId == accountId), filter);
        var total = await query.CountAsync(ct);
        var ordered = filter.Ascending
            ? query.OrderBy(e => e.When).ThenBy(e => e.Seq)
            : query.OrderByDescending(e => e.When).ThenByDescending(e => e.Seq);
        var skip = (long)(filter.Page - 1) * filter.PerPage;
        var entries = skip >= total ? [] : await ordered.Skip((int)skip).Take(filter.PerPage).ToListAsync(ct);
        var items = entries.Select(ToItem).ToList();
        var pages = (int)((total + (long)filter.PerPage - 1) / filter.PerPage);
        return new AuditLogPage([], [], items, new ResultInfo(filter.Page, filter.PerPage, items.Count, total, pages), true);
    }

    private static IQueryable<AuditLogEntry> Filtered(IQueryable<AuditLogEntry> query, AuditLogFilter f)
    {
        if (f.Id is { } id)
        {
            query = query.Where(e => e.Id == id);
        }

        if (f.ActionType is { } type)
        {
            query = query.Where(e => e.ActionType == type);
        }

        if (f.ActorEmail is { } email)
        {
            var lower = email.ToLowerInvariant();
            query = query.Where(e => e.ActorEmail != null && e.ActorEmail.ToLower() == lower);
        }

        if (f.ActorIp is { } network)
        {
            query = query.Where(e => EF.Functions.ContainedByOrEqual(e.ActorIp, network));
        }

        if (f.Since is { } since)
        {
            query = query.Where(e => e.When >= since);
        }

        if (f.Before is { } before)
        {
            query = query.Where(e => e.When < before);
        }

        return query;
    }

    private static AuditLogItem ToItem(AuditLogEntry e) => new(
        e.Id.ToString(),
        new AuditLogAction(e.ActionType, true),
        new AuditLogActor(e.ActorId, e.ActorEmail, IpAddresses.Canonical(e.ActorIp), e.ActorType),
        e.Interface,
        new AuditLogMetadata(e.Operation, e.CfRay),
        e.NewValue,
        e.OldValue,
        new AuditLogOwner(e.AccountId),
        new AuditLogResource(e.ResourceId, e.ResourceType),
        Text.Timestamp(e.When));
}
