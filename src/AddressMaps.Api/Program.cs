using AddressMaps.Api.Endpoints;
using AddressMaps.Api.Infrastructure;
using Serilog;

Log.Logger = Logging.CreateLogger();
try
{
    var builder = WebApplication.CreateBuilder(args);
    builder.AddAddressMaps();

    var app = builder.Build();
    app.UseAddressMapsPipeline();

    app.MapAddressMaps();
    app.MapAddressMapIps();
    app.MapAddressMapZones();
    app.MapAddressMapAccounts();
    app.MapPrefixes();
    app.MapUserTokens();
    app.MapEmulatorExtensions();
    app.MapCloudflareFallback();

    await app.InitializeDatabaseAsync();
    await app.RunAsync();
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
