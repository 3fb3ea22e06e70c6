using AddressMaps.Api.Faults;
using AddressMaps.Api.Journal;
using AddressMaps.Api.Seed;

namespace AddressMaps.Api.ControlPlane;

/// <summary>POST /_emulator/reset: the world state back to the seed (all, or one account), and
/// this replica's copies of what a global reset cleared (clock, fault rules) at once; the other
/// replicas follow within their re-read interval. The tests' per-test reset uses it too.</summary>
public sealed class Resetter(WorldState world, AddressMapsDbContext db, EmulatorTime time, FaultRules rules, JournalBarrier journal)
{
    public async Task<StateCounts> ResetAsync(string? accountId, CancellationToken ct)
    {
        if (accountId is not null && !Identifiers.IsCloudflareId(accountId))
        {
            throw Errors.InvalidDocument.With($"account_id: '{Text.Shorten(accountId)}' is not 32 lowercase hex");
        }

        if (accountId is not null && !await db.Accounts.AnyAsync(a => a.Id == accountId, ct))
        {
            throw AccountFactory.AccountNotFound(accountId);
        }

        await journal.WaitAsync(ct); // the journal entries it removes include those of answers just sent
        var counts = await world.ResetAsync(accountId, ct);
        if (accountId is null)
        {
            time.Apply(ClockSetting.Default);
            await rules.RefreshAsync(db, ct);
        }

        return counts;
    }
}
