
namespace AddressMaps.Tests.Unit;

/// <summary>The console sink writes from a background thread; a burst larger than its buffer,
/// written to a slow console, must arrive whole (issue 7: half of a burst was dropped). In the
/// "api" collection because it replaces the process console, as SecretLoggingTests does.</summary>
[Collection("api")]
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
        var previous = Console.Out;
        Console.SetOut(TextWriter.Synchronized(console));
        try
        {
            var logger = Logging.CreateLogger(bufferSize: 50);
            await Task.WhenAll(Enumerable.Range(0, 4).Select(t => Task.Run(() =>
            {
                for (var i = 0; i < burst / 4; i++)
                {
                    logger.Information("burst-line {Thread}-{Number}", t, i);
                }
            })));
            await logger.DisposeAsync(); // flushes what the buffer still holds
        }
        finally
        {
            Console.SetOut(previous);
        }

        var lines = console.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(burst, lines.Count(l => l.Contains("burst-line ", StringComparison.Ordinal)));
    }
}
