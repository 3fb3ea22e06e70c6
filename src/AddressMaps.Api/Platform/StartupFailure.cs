using System.Net.Sockets;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace AddressMaps.Api.Platform;

/// <summary>A start-up problem the user can fix (a bad seed, a missing setting): its message is
/// the one line printed.</summary>
public sealed class StartupException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>How a failed start ends: one line on stderr saying what failed and what to do, exit
/// code 1, no stack trace (a port in use, a bad seed, an unreachable database, a bad setting).
/// Only a failure nobody foresaw, a bug, adds the exception after its line.</summary>
public static partial class StartupFailure
{
    public const int ExitCode = 1;

    /// <summary><see cref="HostingAbstractionsHostExtensions.RunAsync"/>, except that a host that
    /// fails to start (a port in use) is stopped before it is disposed: its background services
    /// then end as stopped ones, instead of each logging its cancellation as a failure.</summary>
    public static async Task RunAsync(WebApplication app)
    {
        try
        {
            await app.StartAsync();
        }
        catch
        {
            using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await app.StopAsync(stopping.Token);
            await app.DisposeAsync();
            throw;
        }

        await app.WaitForShutdownAsync();
        await app.DisposeAsync();
    }

    /// <summary>Prints the line (and, for an unforeseen failure, the exception) and answers the
    /// exit code.</summary>
    public static int Report(Exception e, TextWriter error, string? connectionString)
    {
        if (Describe(e, connectionString) is { } line)
        {
            error.WriteLine(line);
        }
        else
        {
            error.WriteLine($"error: AddressMaps failed to start: {OneLine(e.Message)} ({e.GetType().Name}; details below)");
            error.WriteLine(e);
        }

        error.Flush();
        return ExitCode;
    }

    /// <summary>The one line for a failure the user can fix, null for any other. Pure.</summary>
    public static string? Describe(Exception e, string? connectionString)
    {
        var chain = Chain(e).ToList();
        if (chain.OfType<StartupException>().FirstOrDefault() is { } startup)
        {
            return "error: " + OneLine(startup.Message);
        }

        if (chain.OfType<SocketException>().FirstOrDefault() is { } socket && chain.OfType<NpgsqlException>().FirstOrDefault() is null)
        {
            return Listen(chain, socket);
        }

        if (chain.OfType<NpgsqlException>().FirstOrDefault() is { } database)
        {
            return Database(database, connectionString);
        }

        if (chain.OfType<OptionsValidationException>().FirstOrDefault() is { } options)
        {
            return $"error: invalid setting: {OneLine(string.Join("; ", options.Failures))}";
        }

        return chain.OfType<InvalidOperationException>().FirstOrDefault(x => x.Message.StartsWith("Failed to convert configuration value", StringComparison.Ordinal)) is { } conversion
            ? $"error: invalid setting: {OneLine(conversion.Message)} (check the environment variable of that name, ':' written '__')"
            : null;
    }

    /// <summary>Kestrel or the DNS server could not open its socket.</summary>
    private static string Listen(List<Exception> chain, SocketException socket)
    {
        // Kestrel: "Failed to bind to address http://127.0.0.1:8780: address already in use."
        var bind = chain.Select(x => BindAddress().Match(x.Message)).FirstOrDefault(m => m.Success);
        if (bind is null)
        {
            // The DNS server says itself which port and which setting.
            return "error: " + OneLine(chain[0].Message);
        }

        var why = socket.SocketErrorCode switch
        {
            SocketError.AddressAlreadyInUse => "address already in use",
            SocketError.AccessDenied => "permission denied (ports below 1024 need root)",
            SocketError.AddressNotAvailable => "no such local address",
            _ => OneLine(socket.Message).ToLowerInvariant(),
        };
        return $"error: cannot listen on {bind.Groups["address"].Value}: {why}; set ADDRESSMAPS_PORT (scripts/run) or --urls to a free port, or stop the other process";
    }

    private static string Database(NpgsqlException e, string? connectionString)
    {
        var where = Where(connectionString);
        var why = e is PostgresException pg
            ? pg.SqlState switch
            {
                PostgresErrorCodes.InvalidCatalogName => $"database does not exist ({OneLine(pg.MessageText)}); create it, or name another one",
                PostgresErrorCodes.InvalidPassword or PostgresErrorCodes.InvalidAuthorizationSpecification => $"authentication failed ({OneLine(pg.MessageText)}); fix the user or password",
                _ => OneLine(pg.MessageText),
            }
            : Chain(e).OfType<SocketException>().FirstOrDefault() is { } s
                ? s.SocketErrorCode == SocketError.ConnectionRefused ? "connection refused" : OneLine(s.Message).ToLowerInvariant()
                : IsTimeout(e) ? "no answer (timeout)" : OneLine(e.Message);
        return $"error: cannot use PostgreSQL at {where}: {why}; start PostgreSQL or fix ConnectionStrings__AddressMaps (scripts/run starts its own PostgreSQL when that variable is unset)";
    }

    /// <summary>PostgreSQL did not answer in time (as opposed to refusing, or answering an error).</summary>
    public static bool IsTimeout(Exception e) => Chain(e).OfType<TimeoutException>().Any();

    /// <summary>Host, port and database of a connection string, never its password.</summary>
    private static string Where(string? connectionString)
    {
        try
        {
            var csb = new NpgsqlConnectionStringBuilder(connectionString);
            return $"{csb.Host}:{csb.Port} (database {csb.Database ?? "(none)"}, user {csb.Username ?? "(none)"})";
        }
        catch (ArgumentException)
        {
            return "the configured address";
        }
    }

    private static IEnumerable<Exception> Chain(Exception e)
    {
        for (Exception? x = e; x is not null; x = x.InnerException)
        {
            if (x is AggregateException { InnerExceptions.Count: > 0 } aggregate)
            {
                x = aggregate.InnerExceptions[0];
            }

            yield return x;
        }
    }

    /// <summary>A multi-line message as one line: its lines joined with "; ".</summary>
    public static string OneLine(string message) => string.Join("; ",
        message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(l => l.TrimStart('-', ' ').TrimEnd('.', ':'))
            .Where(l => l.Length > 0));

    [GeneratedRegex(@"Failed to bind to address (?<address>\S+?)(?::\s|\.$|\s)")]
    private static partial Regex BindAddress();
}
