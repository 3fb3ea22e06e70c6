using AddressMaps.Api.AuditLogs;
using AddressMaps.Api.ClockControl;
using AddressMaps.Api.ControlPlane;
using AddressMaps.Api.Delegations;
using AddressMaps.Api.Dns;
using AddressMaps.Api.Emulator;
using AddressMaps.Api.Faults;
using AddressMaps.Api.Ips;
using AddressMaps.Api.Journal;
using AddressMaps.Api.Maps;
using AddressMaps.Api.Memberships;
using AddressMaps.Api.Platform;
using AddressMaps.Api.Prefixes;
using AddressMaps.Api.Seed;
using AddressMaps.Api.Tokens;
using Serilog;

// The capabilities, one line each: a folder with its route table, contracts, rules and service.
ICapability[] capabilities =
[
    new AddressMapsApi(),
    new IpsApi(),
    new MembershipsApi(),
    new PrefixesApi(),
    new DelegationsApi(),
    new TokensApi(),
    new EffectiveMapApi(),
    new AuditLogsApi(),
    new ControlPlaneApi(),
    new ClockApi(),
    new JournalApi(),
    new FaultsApi(),
    new DnsApi(),
];

// `--healthcheck`: ask this process's own readiness and exit 0/1 (the container's HEALTHCHECK).
if (await HealthCheckMode.RunIfRequestedAsync(args) is { } healthCheckExitCode)
{
    return healthCheckExitCode;
}

Log.Logger = Logging.CreateLogger();
IConfiguration? configuration = null;
try
{
    var builder = WebApplication.CreateBuilder(args);
    configuration = builder.Configuration;
    builder.AddPlatform(capabilities);
    var app = builder.Build();
    app.UsePlatformPipeline(capabilities);
    await app.InitializeWorldStateAsync();
    await StartupFailure.RunAsync(app);
    return 0;
}
catch (Exception e) when (e is not HostAbortedException)
{
    // One line on stderr and exit 1 (not an unhandled exception: exit 134 and the stack trace
    // printed two or three times), after the log lines written so far.
    await Log.CloseAndFlushAsync();
    return StartupFailure.Report(e, Console.Error, configuration?.GetConnectionString(Setup.ConnectionStringName));
}
finally
{
    await Log.CloseAndFlushAsync();
}

/// <summary>Entry point, public for WebApplicationFactory.</summary>
public partial class Program;
