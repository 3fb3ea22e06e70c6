
namespace AddressMaps.Tests.Unit;

/// <summary>The console is written from a timer (Platform/GatheringSink); a burst larger than its
/// buffer, written to a slow console, must arrive whole (issue 7: half of a burst was dropped), and
/// a line nobody flushes still reaches the console, in order. In the "whole process" collection
/// because it replaces the process console, as SecretLoggingTests does.</summary>
[Collection(WholeProcessCollection.Name)]
public sealed class LoggingTests
{
    private sealed class SlowWriter : StringWriter
    {
        public override void Write(char[] buffer, int index, int count)
        {
            Thread.SpinWait(2000);
            base.Write(buffer, index, count);
        }

        public override void Write(string? value)
        {
            Thread.SpinWait(2000);
            base.Write(value);
        }
    }

    [Fact]
    public async Task A_burst_larger_than_the_buffer_to_a_slow_console_loses_no_line()
    {
        const int burst = 3000;
        var console = new SlowWriter();
        using (new CapturedConsole(console))
        {
            var logger = Logging.CreateLogger(bufferSize: 50);
            var requestLines = RequestLines(logger);
            await Task.WhenAll(Enumerable.Range(0, 4).Select(t => Task.Run(() =>
            {
                for (var i = 0; i < burst / 4; i++)
                {
                    requestLines.Information("burst-line {Thread}-{Number}", t, i);
                }
            })));
            await logger.DisposeAsync(); // flushes what the buffer still holds
        }

        var lines = console.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(burst, lines.Count(l => l.Contains("burst-line ", StringComparison.Ordinal)));
    }

    /// <summary>Lines as the request log writes them (the ones the console sink gathers).</summary>
    private static Serilog.ILogger RequestLines(Serilog.ILogger logger) => logger.ForContext(Serilog.Core.Constants.SourceContextPropertyName, Logging.RequestLineSource);

    [Fact]
    public async Task Request_lines_reach_the_console_in_order_without_a_flush_within_a_few_gather_periods()
    {
        string written;
        using (var console = new CapturedConsole())
        {
            await using var logger = Logging.CreateLogger(bufferSize: 10_000);
            var requestLines = RequestLines(logger);
            for (var i = 0; i < 20; i++)
            {
                requestLines.Information("ordered-line {Number}", i);
            }

            // Nothing flushes or disposes the logger before the console is read: the timer writes.
            written = await console.WaitForAsync(text => text.Split('\n').Count(l => l.Contains("ordered-line ", StringComparison.Ordinal)) >= 20);
        }

        var numbers = written.Split('\n').Where(l => l.Contains("ordered-line ", StringComparison.Ordinal))
            .Select(l => int.Parse(l[(l.IndexOf("ordered-line ", StringComparison.Ordinal) + "ordered-line ".Length)..].Trim(), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(Enumerable.Range(0, 20), numbers);
    }

    [Fact]
    public async Task Any_other_line_is_written_at_once_after_the_request_lines_held_before_it()
    {
        string written;
        using (var console = new CapturedConsole())
        {
            await using var logger = Logging.CreateLogger(bufferSize: 10_000);
            RequestLines(logger).Information("held-line {Number}", 1);
            RequestLines(logger).Information("held-line {Number}", 2);
            logger.Warning("at-once-line"); // a start-up line or a warning: no timer waited for
            written = console.Text;
        }

        var lines = written.Split('\n').Where(l => l.Contains("-line", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, lines.Count);
        Assert.Contains("held-line 1", lines[0], StringComparison.Ordinal);
        Assert.Contains("held-line 2", lines[1], StringComparison.Ordinal);
        Assert.Contains("at-once-line", lines[2], StringComparison.Ordinal);
    }

    [Fact]
    public void The_request_log_lines_are_the_ones_gathered()
    {
        // The source is the middleware's type (internal to Serilog.AspNetCore, so named by its text).
        Assert.NotNull(typeof(Serilog.AspNetCore.RequestLoggingOptions).Assembly.GetType(Logging.RequestLineSource));
        var caught = new List<Serilog.Events.LogEvent>();
        using var logger = new Serilog.LoggerConfiguration().WriteTo.Sink(new Collect(caught)).CreateLogger();
        RequestLines(logger).Information("HTTP GET / responded 200");
        logger.Information("Seed loaded");
        logger.ForContext<LoggingTests>().Information("Seed loaded");
        Assert.Equal([true, false, false], caught.Select(Logging.IsRequestLine));
    }

    private sealed class Collect(List<Serilog.Events.LogEvent> into) : Serilog.Core.ILogEventSink
    {
        public void Emit(Serilog.Events.LogEvent logEvent) => into.Add(logEvent);
    }

    /// <summary>EF's own error events for a failed command, connection, query, save or transaction
    /// are off: each failure surfaces as an exception, which the error path logs once with its
    /// cf-ray, or not at all when the client has gone (a wrk run's end left "An error occurred using
    /// a transaction" at ERR for writes whose client had reset its connection).</summary>
    [Theory]
    [InlineData("Microsoft.EntityFrameworkCore.Database.Command")]
    [InlineData("Microsoft.EntityFrameworkCore.Database.Connection")]
    [InlineData("Microsoft.EntityFrameworkCore.Database.Transaction")]
    [InlineData("Microsoft.EntityFrameworkCore.Query")]
    [InlineData("Microsoft.EntityFrameworkCore.Update")]
    public void Efs_failure_events_are_not_logged_twice(string category)
    {
        using var logger = Logging.CreateLogger(bufferSize: 10);
        var efLogger = logger.ForContext(Serilog.Core.Constants.SourceContextPropertyName, category);
        Assert.False(efLogger.IsEnabled(Serilog.Events.LogEventLevel.Error));
        Assert.True(logger.ForContext(Serilog.Core.Constants.SourceContextPropertyName, "AddressMaps.Api").IsEnabled(Serilog.Events.LogEventLevel.Error));
    }

    /// <summary>The request line's level: an error for a 5xx the emulator did not mean, a warning for
    /// a 503 (the database away, start-up, a busy database: a warning above says why, and a retry
    /// succeeds), information for every answer a fault injected, and for 1xx-4xx.</summary>
    [Theory]
    [InlineData(200, false, false, Serilog.Events.LogEventLevel.Information)]
    [InlineData(404, false, false, Serilog.Events.LogEventLevel.Information)]
    [InlineData(499, false, false, Serilog.Events.LogEventLevel.Information)]
    [InlineData(500, false, false, Serilog.Events.LogEventLevel.Error)]
    [InlineData(500, false, true, Serilog.Events.LogEventLevel.Error)]
    [InlineData(200, false, true, Serilog.Events.LogEventLevel.Error)]
    [InlineData(503, false, false, Serilog.Events.LogEventLevel.Warning)]
    [InlineData(500, true, false, Serilog.Events.LogEventLevel.Information)]
    [InlineData(503, true, false, Serilog.Events.LogEventLevel.Information)]
    [InlineData(0, true, false, Serilog.Events.LogEventLevel.Information)]
    public void A_request_lines_level_follows_who_meant_the_answer(int status, bool injected, bool threw, Serilog.Events.LogEventLevel expected) =>
        Assert.Equal(expected, Logging.RequestLineLevel(status, injected, threw));

    /// <summary>A disposed sink takes no more events (as the async sink it replaced did): a logger
    /// closed while something still holds it (a test host's, in this process) neither keeps lines
    /// nor writes them later to a closed console.</summary>
    [Fact]
    public void After_it_is_disposed_the_gathering_sink_drops_what_it_is_given()
    {
        var written = new List<Serilog.Events.LogEvent>();
        var sink = new GatheringSink(new Collect(written), capacity: 1, gather: _ => true);
        sink.Dispose();

        sink.Emit(new Serilog.Events.LogEvent(DateTimeOffset.UtcNow, Serilog.Events.LogEventLevel.Information, null, Serilog.Events.MessageTemplate.Empty, []));

        Assert.Empty(written);
    }
}
