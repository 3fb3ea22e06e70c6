using System.Net.Sockets;
using AddressMaps.Api.Seed;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Options;
using Npgsql;
using Serilog.Events;
using Serilog.Parsing;

namespace AddressMaps.Tests.Unit;

/// <summary>A failed start is one line saying what failed and what to do, exit code 1, no stack
/// trace (the issue: a busy port printed 108 lines and ended "Aborted", exit 134).
/// scripts/tests/first-minutes.sh checks the same end to end, through scripts/run.</summary>
public sealed class StartupFailureTests
{
    private const string Cs = "Host=127.0.0.1;Port=1;Database=addressmaps;Username=postgres;Password=s3cret-pw";

    [Fact]
    public void A_port_in_use_names_the_address_and_the_variable_to_change()
    {
        var e = new IOException("Failed to bind to address http://127.0.0.1:8780: address already in use.",
            new AddressInUseException("Address already in use", new SocketException((int)SocketError.AddressAlreadyInUse)));
        Assert.Equal(
            "error: cannot listen on http://127.0.0.1:8780: address already in use; set ADDRESSMAPS_PORT (scripts/run) or --urls to a free port, or stop the other process",
            StartupFailure.Describe(e, Cs));
    }

    [Fact]
    public void An_unreachable_database_names_host_port_and_database_but_never_the_password()
    {
        var e = new NpgsqlException("Failed to connect to 127.0.0.1:1", new SocketException((int)SocketError.ConnectionRefused));
        var line = StartupFailure.Describe(new InvalidOperationException("wrapped", e), Cs);
        Assert.NotNull(line);
        Assert.StartsWith("error: cannot use PostgreSQL at 127.0.0.1:1 (database addressmaps, user postgres): connection refused; ", line);
        Assert.Contains("ConnectionStrings__AddressMaps", line);
        Assert.DoesNotContain("s3cret-pw", line);
    }

    [Fact]
    public void A_database_that_does_not_answer_in_time_says_so()
    {
        var e = new NpgsqlException("Exception while connecting", new TimeoutException("The operation has timed out"));
        Assert.Contains(": no answer (timeout); ", StartupFailure.Describe(e, Cs));
    }

    [Fact]
    public void A_bad_setting_and_the_emulators_own_start_up_problems_are_their_message()
    {
        Assert.Equal("error: no connection string; do this", StartupFailure.Describe(new StartupException("no connection string; do this"), null));
        var options = new OptionsValidationException("AddressMaps", typeof(object), ["AddressMaps:SeedFile names a file that does not exist"]);
        Assert.Equal("error: invalid setting: AddressMaps:SeedFile names a file that does not exist", StartupFailure.Describe(options, null));
        var conversion = new InvalidOperationException("Failed to convert configuration value 'abc' at 'AddressMaps:RateLimit:Requests' to type 'System.Int32'.");
        Assert.StartsWith("error: invalid setting: Failed to convert configuration value 'abc' at 'AddressMaps:RateLimit:Requests'", StartupFailure.Describe(conversion, null));
    }

    [Fact]
    public void A_known_failure_is_exactly_one_line_and_exit_code_1_and_an_unforeseen_one_keeps_its_stack_trace()
    {
        var known = new StringWriter();
        Assert.Equal(1, StartupFailure.Report(new StartupException("bad seed"), known, null));
        Assert.Equal("error: bad seed" + Environment.NewLine, known.ToString());

        var unknown = new StringWriter();
        Exception bug;
        try
        {
            throw new NotSupportedException("a bug");
        }
        catch (NotSupportedException e)
        {
            bug = e;
        }

        Assert.Null(StartupFailure.Describe(bug, null));
        Assert.Equal(1, StartupFailure.Report(bug, unknown, null));
        Assert.StartsWith("error: AddressMaps failed to start: a bug (NotSupportedException; details below)", unknown.ToString());
        Assert.Contains(" at ", unknown.ToString());
    }

    [Fact]
    public void A_bad_seed_is_one_line_naming_the_file_and_every_bad_entry_before_the_database_is_touched()
    {
        var path = Path.Combine(Path.GetTempPath(), $"bad-seed-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, """{"accounts":[{"id":"xyz","name":"a","zones":[{"id":"1","name":"ok.example"}]}]}""");
        try
        {
            var e = Assert.Throws<StartupException>(() => WorldStateStartup.ReadChecked(path));
            Assert.DoesNotContain('\n', e.Message);
            Assert.StartsWith($"invalid seed file {path}: account id 'xyz' is not 32 lowercase hex; zone id '1' is not 32 lowercase hex; fix it", e.Message);

            File.WriteAllText(path, """{"accounts": [""");
            Assert.StartsWith($"invalid seed file {path}: not a seed document: ", Assert.Throws<StartupException>(() => WorldStateStartup.ReadChecked(path)).Message);
        }
        finally
        {
            File.Delete(path);
        }

        Assert.StartsWith($"seed file {path} does not exist; set AddressMaps__SeedFile",
            Assert.Throws<StartupException>(() => WorldStateStartup.ReadChecked(path)).Message);
    }

    [Fact]
    public void A_seed_file_saved_with_a_byte_order_mark_reads_as_the_same_document_and_writes_back_as_before()
    {
        var path = Path.Combine(Path.GetTempPath(), $"bom-seed-{Guid.NewGuid():N}.json");
        var text = File.ReadAllText(Path.Combine(Repository.Root, "samples", "seed.json"));
        File.WriteAllText(path, text, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
        try
        {
            var withMark = WorldStateStartup.ReadChecked(path);
            var plain = WorldState.Parse(text, "the sample");

            Assert.Equal(WorldState.Serialize(plain), WorldState.Serialize(withMark));
            // The seed in force is recognised by the hash of this text: the same bytes as the
            // serializer's own string form, so a seed stored before is still the one in force.
            Assert.Equal(System.Text.Json.JsonSerializer.Serialize(plain, SeedJsonContext.Default.SeedDocument), WorldState.Serialize(plain));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void The_hosts_own_failure_event_is_not_logged_again_and_other_errors_are()
    {
        static LogEvent Event(string eventName) => new(DateTimeOffset.UtcNow, LogEventLevel.Error, null,
            new MessageTemplateParser().Parse("Hosting failed to start"),
            [new LogEventProperty("EventId", new StructureValue([new LogEventProperty("Id", new ScalarValue(11)), new LogEventProperty("Name", new ScalarValue(eventName))]))]);

        Assert.True(Logging.IsHostStartFailure(Event("HostedServiceStartupFaulted")));
        Assert.False(Logging.IsHostStartFailure(Event("BackgroundServiceFaulted")));
    }

    [Theory]
    [InlineData("Invalid seed document:\n  - account id 'x' is bad\n  - zone y is bad", "Invalid seed document; account id 'x' is bad; zone y is bad")]
    [InlineData("one line.", "one line")]
    public void Several_lines_become_one(string message, string expected) => Assert.Equal(expected, StartupFailure.OneLine(message));
}
