using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace AddressMaps.Api.Maps;

/// <summary>How a writer locks a map and reads it whole in one round trip, correctly. The read is
/// EF's compiled query tagged <see cref="Tag"/>; this interceptor sends the row lock in front of
/// it as a statement of its own in the same command, and hands EF the second result.
///
/// Why two statements: in READ COMMITTED a statement reads with the snapshot of its start. One
/// statement that locked the row (FOR UPDATE) and joined the IPs saw, after waiting for another
/// writer, the map row as that writer left it but the IPs as they were before: eight concurrent
/// PUTs of different IPs each recorded a map with only its own IP in the audit log. The read
/// after the lock has its own snapshot, taken once the lock is held.</summary>
public sealed class MapLock : DbCommandInterceptor
{
    public const string Tag = "map row locked by the statement before";

    // The compiled query's parameters are named after its lambda's (MapAccess.LockedFullMap).
    private const string Lock = "SELECT FROM address_maps WHERE id = @mapId AND account_id = @accountId FOR UPDATE;\n";

    private static bool IsTagged(DbCommand command) => command.CommandText.StartsWith("-- " + Tag, StringComparison.Ordinal);

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        if (IsTagged(command))
        {
            command.CommandText = Lock + command.CommandText;
        }

        return ValueTask.FromResult(result);
    }

    public override async ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default)
    {
        if (command.CommandText.StartsWith(Lock, StringComparison.Ordinal))
        {
            await result.NextResultAsync(cancellationToken); // past the lock's (empty) result
        }

        return result;
    }
}
