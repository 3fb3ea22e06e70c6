using System.Collections.Concurrent;
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

/// <summary>One host and one database for every HTTP test (they run one at a time, in the
/// "api" collection); each test starts from the seed alone (the API's own world-state reset).
/// When the collection ends it writes the schema coverage report and fails the run if an
/// operation of the spec got no validated 200 (<see cref="SchemaCoverage"/>).</summary>
public sealed class ApiFixture : IAsyncLifetime
{
    private readonly ConcurrentDictionary<Type, bool> ranTestClasses = new();

    public TestDatabase Database { get; private set; } = null!;

    public ApiFactory Factory { get; private set; } = null!;

    public SchemaValidator Schema { get; } = SchemaValidator.Load();

    public async Task InitializeAsync()
    {
        Database = await TestDatabase.StartAsync();
        Factory = new ApiFactory(Database.ConnectionString);
        _ = Factory.Server; // starts the host: migrations + seed
    }

    /// <summary>Back to the seed: user-made maps removed, Cloudflare-managed maps recreated.</summary>
    public async Task ResetAsync()
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<AddressMaps.Api.ControlPlane.Resetter>().ResetAsync(null, CancellationToken.None);
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

    /// <summary>Called by each HTTP test instance, so the coverage check knows whether the whole
    /// collection ran.</summary>
    public void TestClassRan(Type testClass) => ranTestClasses.TryAdd(testClass, true);

    public async Task DisposeAsync()
    {
        try
        {
            await Factory.DisposeAsync();
            await Database.DisposeAsync();
        }
        finally
        {
            SchemaCoverage.Finish(Schema, ranTestClasses.Keys.ToHashSet());
        }
    }
}

[CollectionDefinition("api")]
public sealed class ApiCollection : ICollectionFixture<ApiFixture>;

/// <summary>Base of HTTP tests: resets the database before each test.</summary>
[Collection("api")]
public abstract class ApiTest : IAsyncLifetime
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
