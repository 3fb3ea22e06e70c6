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
try
{
    var builder = WebApplication.CreateBuilder(args);
    builder.AddPlatform(capabilities);
    var app = builder.Build();
    app.UsePlatformPipeline(capabilities);
    await app.InitializeWorldStateAsync();
    await app.RunAsync();
    return 0;
}
catch (Exception e) when (e is not HostAbortedException)
{
    Log.Fatal(e, "AddressMaps failed to start");
    throw;
}
finally
{
    await Log.CloseAndFlushAsync();
}

/// <summary>Entry point, public for WebApplicationFactory.</summary>
public partial class Program;
