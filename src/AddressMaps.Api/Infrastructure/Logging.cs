using Serilog;
using Serilog.Events;

namespace AddressMaps.Api.Infrastructure;

public static class Logging
{
    /// <summary>Console logger; EF's per-command logging is off (Warning) unless configured.
    /// CreateLogger, not CreateBootstrapLogger: several test hosts share one process.</summary>
    public static Serilog.ILogger CreateLogger() => new LoggerConfiguration()
        .MinimumLevel.Information()
        .MinimumLevel.Override("Microsoft.AspNetCore", LogEventLevel.Warning)
        .MinimumLevel.Override("Microsoft.EntityFrameworkCore", LogEventLevel.Warning)
        // Failed commands surface as exceptions; the unhandled ones are logged once, with their cf-ray.
        .MinimumLevel.Override("Microsoft.EntityFrameworkCore.Database.Command", LogEventLevel.Fatal)
        .MinimumLevel.Override("Microsoft.EntityFrameworkCore.Query", LogEventLevel.Fatal)
        .MinimumLevel.Override("Microsoft.Extensions.Hosting", LogEventLevel.Information)
        .Enrich.FromLogContext()
        // The console is written from a background thread: one line per request must not make
        // every request wait for the terminal (measured with scripts/bench).
        .WriteTo.Async(sink => sink.Console(
            outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {Message:lj}{NewLine}{Exception}",
            formatProvider: System.Globalization.CultureInfo.InvariantCulture))
        .CreateLogger();
}
