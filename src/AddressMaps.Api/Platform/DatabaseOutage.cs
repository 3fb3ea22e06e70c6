using System.Net.Sockets;
using Npgsql;

namespace AddressMaps.Api.Platform;

/// <summary>Tells a database that is not there (refused or broken connection, timeout, server
/// shutting down or out of connections) from a fault of ours: the first answers 503 with
/// Retry-After, the second 500.</summary>
public static class DatabaseOutage
{
    public static bool IsOutage(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case PostgresException pg:
                    // 08: connection exception; 57P: admin shutdown, crash shutdown, cannot connect now;
                    // 53: insufficient resources (too many connections).
                    return pg.SqlState.StartsWith("08", StringComparison.Ordinal)
                        || pg.SqlState.StartsWith("57P", StringComparison.Ordinal)
                        || pg.SqlState.StartsWith("53", StringComparison.Ordinal);
                case NpgsqlException:
                case SocketException:
                case TimeoutException:
                case EndOfStreamException:
                    return true;
            }
        }

        return false;
    }
}
