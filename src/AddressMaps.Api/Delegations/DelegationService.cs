using System.Text.Json;
using AddressMaps.Api.AuditLogs;
using AddressMaps.Api.Ips;
using AddressMaps.Api.Maps;
using Npgsql;

namespace AddressMaps.Api.Delegations;

/// <summary>Lists, makes and removes the delegations of an owner's prefix. Writes lock the parent
/// prefix row first, so the writers of one prefix's delegations take turns (the overlap check sees
/// every committed delegation; the exclusion constraint is the backstop); each write and its audit
/// log entry (in the owner's log) share one transaction.</summary>
public sealed class DelegationService(AddressMapsDbContext db, MapAccess maps)
{
    public async Task<IReadOnlyList<PrefixDelegation>> ListAsync(string ownerId, string prefixId, CancellationToken ct)
    {
        _ = await LockPrefixAsync(ownerId, prefixId, forUpdate: false, ct);
        return await db.PrefixDelegations.AsNoTracking().Where(d => d.PrefixId == prefixId)
            .OrderBy(d => d.CreatedAt).ThenBy(d => d.Id).ToListAsync(ct);
    }

    public async Task<PrefixDelegation> CreateAsync(string ownerId, string prefixId, CreateDelegationRequest request, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var prefix = await LockPrefixAsync(ownerId, prefixId, forUpdate: true, ct);
        DelegationRules.EnsureApproved(prefix);
        var existing = await db.PrefixDelegations.AsNoTracking().Where(d => d.PrefixId == prefixId)
            .Select(d => new DelegationFacts(d.Id, d.Cidr, d.DelegatedAccountId)).ToListAsync(ct);
        var cidr = DelegationRules.CheckCidr(request.Cidr, prefix, existing);
        var known = Identifiers.IsCloudflareId(request.DelegatedAccountId) && await db.Accounts.AnyAsync(a => a.Id == request.DelegatedAccountId, ct);
        var delegate_ = DelegationRules.CheckDelegate(request.DelegatedAccountId, ownerId, _ => known);
        var now = maps.Now();
        var delegation = new PrefixDelegation
        {
            Id = Identifiers.New(), PrefixId = prefixId, AccountId = ownerId, ParentCidr = prefix.Cidr, Cidr = cidr,
            DelegatedAccountId = delegate_, CreatedAt = now, ModifiedAt = now,
        };
        db.PrefixDelegations.Add(delegation);
        await SaveAsync(cidr, prefixId, ct);
        await RecordAsync(ownerId, AuditAction.Create, delegation, before: null, after: delegation, ct);
        await tx.CommitAsync(ct);
        return delegation;
    }

    /// <summary>Refused (1026) while IPs of the delegation sit on maps of the delegate that would
    /// not own them without it. The delegation row is locked first; the IP writers of the delegate
    /// read its delegations FOR SHARE, so an IP added meanwhile is either seen here or refused there.</summary>
    public async Task<PrefixDelegation> DeleteAsync(string ownerId, string prefixId, string delegationId, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        _ = await LockPrefixAsync(ownerId, prefixId, forUpdate: true, ct);
        var delegation = await db.PrefixDelegations
            .FromSql($"SELECT * FROM prefix_delegations WHERE id = {delegationId} AND prefix_id = {prefixId} FOR UPDATE")
            .AsNoTracking().SingleOrDefaultAsync(ct)
            ?? throw Errors.NotFound.With($"delegation {delegationId} does not exist on prefix {prefixId}");
        var facts = new DelegationFacts(delegation.Id, delegation.Cidr, delegation.DelegatedAccountId);
        DelegationRules.EnsureDeletable(facts, await StrandedAsync(facts, ct));
        await db.PrefixDelegations.Where(d => d.Id == delegationId).ExecuteDeleteAsync(ct);
        await RecordAsync(ownerId, AuditAction.Delete, delegation, before: delegation, after: null, ct);
        await tx.CommitAsync(ct);
        return delegation;
    }

    /// <summary>The IPs of the delegation on the delegate's maps that the delegate would not own
    /// without it (it may own some through a prefix of its own or another delegation).</summary>
    private async Task<IReadOnlyList<(string MapId, IPAddress Ip)>> StrandedAsync(DelegationFacts delegation, CancellationToken ct)
    {
        var cidr = delegation.Cidr;
        var onMaps = await db.AddressMapIps.AsNoTracking()
            .Where(i => EF.Functions.ContainedByOrEqual(i.Ip, cidr)
                && db.AddressMaps.Any(m => m.Id == i.AddressMapId && m.AccountId == delegation.DelegatedAccountId))
            .OrderBy(i => i.Id).Select(i => new { i.AddressMapId, i.Ip }).ToListAsync(ct);
        var owned = await maps.LoadOwnershipAsync(delegation.DelegatedAccountId, ct, except: delegation.Id);
        return onMaps.Where(i => !IpRules.IsOwned(i.Ip, owned)).Select(i => (i.AddressMapId, i.Ip)).ToList();
    }

    private async Task<Prefix> LockPrefixAsync(string ownerId, string prefixId, bool forUpdate, CancellationToken ct)
    {
        var query = forUpdate
            ? db.Prefixes.FromSql($"SELECT * FROM prefixes WHERE id = {prefixId} AND account_id = {ownerId} FOR UPDATE")
            : db.Prefixes.Where(p => p.Id == prefixId && p.AccountId == ownerId);
        return await query.AsNoTracking().SingleOrDefaultAsync(ct)
            ?? throw Errors.NotFound.With($"prefix {prefixId} does not exist in account {ownerId}");
    }

    /// <summary>Saves the new row; the exclusion constraint's refusal (a writer the lock did not
    /// order, e.g. a state document) is the overlap rule's 400, never a 500.</summary>
    private async Task SaveAsync(IPNetwork cidr, string prefixId, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.ExclusionViolation })
        {
            throw Errors.DelegationOverlaps.With($"cidr {cidr} overlaps another delegation of prefix {prefixId}");
        }
    }

    private Task RecordAsync(string ownerId, AuditAction action, PrefixDelegation delegation, PrefixDelegation? before, PrefixDelegation? after, CancellationToken ct) =>
        maps.Audit.RecordAsync(db, ownerId, action, delegation.Id, Json(before), Json(after), maps.Now(), ct, AuditTrail.DelegationResourceType);

    private static string? Json(PrefixDelegation? d) =>
        d is null ? null : JsonSerializer.Serialize(DelegationsApi.ToResponse(d), DelegationsJsonContext.Default.DelegationResponse);
}
