using Serilog;
using Serilog.Events;

namespace AddressMaps.Api.Platform;

public static class Logging
{
    /// <summary>Log events the console sink holds before the request that emits the next one writes them.</summary>
    public const int BufferSize = 10_000;

    private const string Template = "[{Timestamp:HH:mm:ss} {Level:u3}] {Message:lj}{NewLine}{Exception}";

    /// <summary>Console logger; EF's per-command logging is off (Warning) unless configured.
    /// CreateLogger, not CreateBootstrapLogger: several test hosts share one process.</summary>
    public static Serilog.ILogger CreateLogger() => CreateLogger(BufferSize);

    /// <summary>The same logger with a buffer of <paramref name="bufferSize"/> events.</summary>
    public static Serilog.Core.Logger CreateLogger(int bufferSize) => new LoggerConfiguration()
        .MinimumLevel.Information()
        .MinimumLevel.Override("Microsoft.AspNetCore", LogEventLevel.Warning)
        .MinimumLevel.Override("Microsoft.EntityFrameworkCore", LogEventLevel.Warning)
        // Failed commands surface as exceptions; the unhandled ones are logged once, with their cf-ray.
        .MinimumLevel.Override("Microsoft.EntityFrameworkCore.Database.Command", LogEventLevel.Fatal)
        .MinimumLevel.Override("Microsoft.EntityFrameworkCore.Query", LogEventLevel.Fatal)
        // So do failed connections: a 503 while the database is down, one line if it is at start-up.
        .MinimumLevel.Override("Microsoft.EntityFrameworkCore.Database.Connection", LogEventLevel.Fatal)
        // Failed saves too: a handled unique violation is a rule's answer, not an error to log.
        .MinimumLevel.Override("Microsoft.EntityFrameworkCore.Update", LogEventLevel.Fatal)
        // And failed transactions: a rollback cancelled because the client left (the end of a
        // wrk run) is no fault, and a real one reaches the error path as an exception.
        .MinimumLevel.Override("Microsoft.EntityFrameworkCore.Database.Transaction", LogEventLevel.Fatal)
        .MinimumLevel.Override("Microsoft.Extensions.Hosting", LogEventLevel.Information)
        // A failed start is printed once, as one line, by Program.cs (StartupFailure), not
        // again here with its stack trace.
        .Filter.ByExcluding(IsHostStartFailure)
        .Enrich.FromLogContext()
        // The requests' lines are written from a timer, every GatheringSink.Gather: one line per
        // request must not make every request wait for the terminal (measured with scripts/bench),
        // nor wake a thread (issue 13); every other line at once, after them. When the buffer is
        // full, the request that finds it full writes it, rather than lines being dropped (issue 7:
        // a burst lost half).
        .WriteTo.Sink(Serilog.Configuration.LoggerSinkConfiguration.Wrap(
            console => new GatheringSink(console, bufferSize, IsRequestLine),
            sink => sink.Console(outputTemplate: Template, formatProvider: System.Globalization.CultureInfo.InvariantCulture)))
        .CreateLogger();

    /// <summary>The level of a request's line: an error for a 5xx the emulator did not mean (or a
    /// failure that escaped the error path), a warning for a 503 (the database away, start-up, a
    /// busy database: transient, a warning says why, a retry succeeds), information for any answer
    /// an injected fault made (the test asked for it) and for every 1xx–4xx.</summary>
    public static LogEventLevel RequestLineLevel(int status, bool injected, bool threw) =>
        threw ? LogEventLevel.Error
        : injected ? LogEventLevel.Information
        : status == StatusCodes.Status503ServiceUnavailable ? LogEventLevel.Warning
        : status >= 500 ? LogEventLevel.Error
        : LogEventLevel.Information;

    /// <summary>The one line per request (UseSerilogRequestLogging's).</summary>
    public static bool IsRequestLine(LogEvent e) =>
        e.Properties.TryGetValue("SourceContext", out var source) && source is ScalarValue { Value: RequestLineSource };

    /// <summary>The request log's source: Serilog.AspNetCore's (internal) middleware, whose
    /// logger is <c>Log.ForContext&lt;RequestLoggingMiddleware&gt;()</c>.</summary>
    public const string RequestLineSource = "Serilog.AspNetCore.RequestLoggingMiddleware";

    /// <summary>The host's own "Hosting failed to start" event.</summary>
    public static bool IsHostStartFailure(LogEvent e) =>
        e.Properties.TryGetValue("EventId", out var id) && id is StructureValue s
        && s.Properties.Any(p => p.Name == "Name" && p.Value is ScalarValue { Value: "HostedServiceStartupFaulted" });
}
