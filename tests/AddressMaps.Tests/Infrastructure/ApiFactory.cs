using AddressMaps.Api.Seed;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace AddressMaps.Tests.Infrastructure;

/// <summary>The real host against real PostgreSQL; overrides only the connection string and,
/// when asked, configuration such as the auth mode.</summary>
public sealed class ApiFactory(string connectionString, IReadOnlyDictionary<string, string?>? settings = null) : WebApplicationFactory<Program>
{
    public string ConnectionString { get; } = connectionString;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("ConnectionStrings:AddressMaps", ConnectionString);
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
        }
    }
}

/// <summary>A test class's share of the HTTP tests' worlds (<see cref="ApiWorlds"/>): for the class's
/// lifetime, a database and the real host on it that no other class uses meanwhile; each test
/// starts from the seed alone (the API's own world-state reset). As the class ends, the world goes
/// back to the pool and the schema coverage report is written (<see cref="SchemaCoverage"/>); once
/// every HTTP test class has ended it is judged, and the run fails if an operation of the spec got
/// no validated 200.</summary>
public sealed class ApiFixture : IAsyncLifetime
{
    private ApiWorld? world;
    private Type? testClass;

    public TestDatabase Database => World.Database;

    public ApiFactory Factory => World.Factory;

    private ApiWorld World => world ?? throw new InvalidOperationException("no world: the fixture did not start");

    /// <summary>One validator for the whole run, so that its counts are the run's.</summary>
    public SchemaValidator Schema => SchemaCoverage.Validator;

    public async Task InitializeAsync() => world = await ApiWorlds.RentAsync();

    /// <summary>Back to the seed: user-made maps removed, Cloudflare-managed maps recreated; and no
    /// snapshot, which the emulator's reset keeps (EMULATOR.md §3) and an earlier class in this
    /// world may have stored.</summary>
    public async Task ResetAsync()
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<AddressMaps.Api.ControlPlane.Resetter>().ResetAsync(null, CancellationToken.None);
        await scope.ServiceProvider.GetRequiredService<AddressMapsDbContext>().StoredDocuments
            .Where(d => d.Kind == StoredDocument.SnapshotKind).ExecuteDeleteAsync();
        await AnnounceIdentityChangeAsync();
    }

    /// <summary>After a test writes accounts, users or tokens straight into the database: returns
    /// once the API's identity cache has heard of it (as the control plane's writers do).</summary>
    public Task AnnounceIdentityChangeAsync() =>
        Factory.Services.GetRequiredService<AddressMaps.Api.Auth.IdentityInvalidation>().AnnounceAsync(CancellationToken.None);

    public CloudflareClient Client(Credentials? credentials = null) =>
        new(Factory.CreateDefaultClient(new SchemaValidatingHandler(Schema)), credentials ?? Credentials.DemoKey);

    /// <summary>The test's own context on the test database: not the API's (which multiplexes, and
    /// so refuses synchronous queries).</summary>
    public AddressMapsDbContext NewDbContext() => new(new DbContextOptionsBuilder<AddressMapsDbContext>()
        .UseNpgsql(Database.ConnectionString)
        .UseSnakeCaseNamingConvention()
        .Options);

    /// <summary>Called by each HTTP test instance: the class this fixture serves.</summary>
    public void TestClassRan(Type type) => testClass ??= type;

    public async Task DisposeAsync()
    {
        if (world is not null)
        {
            ApiWorlds.Return(world); // a world that failed to start was never rented
        }

        if (testClass is not null)
        {
            await SchemaCoverage.ClassEndedAsync(testClass);
        }
    }
}

/// <summary>Tests of what the whole process shares: the console (<see cref="CapturedConsole"/>),
/// Serilog's static logger, the listeners of Npgsql's activities (<see cref="StatementRecorder"/>:
/// with recorders of other classes coming and going, one missed a statement of its own database
/// about once in forty runs). They run alone, after every collection that runs in parallel. So
/// this collection ends the run, and its fixture judges the schema coverage (<see cref="RunEnd"/>).</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class WholeProcessCollection : ICollectionFixture<RunEnd>
{
    public const string Name = "whole process";
}

/// <summary>Disposed as the last collection ends: the schema coverage judged, the worlds stopped.</summary>
public sealed class RunEnd : IAsyncLifetime
{
    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => SchemaCoverage.RunEndedAsync();
}

/// <summary>Base of HTTP tests: each class in a world of its own (<see cref="ApiFixture"/>), classes
/// in parallel; resets the database before each test.</summary>
public abstract class ApiTest : IClassFixture<ApiFixture>, IAsyncLifetime
{
    protected ApiTest(ApiFixture fixture)
    {
        Fixture = fixture;
        Api = fixture.Client();
        fixture.TestClassRan(GetType());
    }

    protected ApiFixture Fixture { get; }

    protected CloudflareClient Api { get; }

    public Task InitializeAsync() => Fixture.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;
}
