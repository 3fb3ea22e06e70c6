using System.Collections.Concurrent;

namespace AddressMaps.Tests.Infrastructure;

/// <summary>A database of its own and the real host on it (migrations and seed run as it starts).</summary>
public sealed class ApiWorld : IAsyncDisposable
{
    private ApiWorld(TestDatabase database)
    {
        Database = database;
        Factory = new ApiFactory(database.ConnectionString);
    }

    public TestDatabase Database { get; }

    public ApiFactory Factory { get; }

    public static async Task<ApiWorld> StartAsync(int number)
    {
        var world = new ApiWorld(await TestDatabase.StartAsync(number));
        _ = world.Factory.Server; // starts the host: migrations + seed
        return world;
    }

    public ValueTask DisposeAsync() => Factory.DisposeAsync();
}

/// <summary>The HTTP test classes run in parallel, up to <see cref="Size"/> at once (the
/// <c>maxParallelThreads</c> of xunit.runner.json), each in a world that no other class uses
/// meanwhile. Most of a test's time is spent waiting (on the database, on timeouts it provokes),
/// so four classes at once finish the suite in about a third of the time of one on two cores.
/// Worlds are made as they are first needed and reused: a class rents one for its lifetime.</summary>
public static class ApiWorlds
{
    /// <summary>xunit.runner.json's <c>maxParallelThreads</c>, read from the copy beside the tests.</summary>
    public static readonly int Size = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "xunit.runner.json")))
        .RootElement.GetProperty("maxParallelThreads").GetInt32();

    private static readonly SemaphoreSlim Free = new(Size, Size);
    private static readonly ConcurrentBag<ApiWorld> Idle = [];
    private static readonly ConcurrentBag<ApiWorld> All = [];
    private static int started;

    public static async Task<ApiWorld> RentAsync()
    {
        await Free.WaitAsync();
        try
        {
            if (Idle.TryTake(out var world))
            {
                return world;
            }

            world = await ApiWorld.StartAsync(Interlocked.Increment(ref started));
            All.Add(world);
            return world;
        }
        catch
        {
            Free.Release();
            throw;
        }
    }

    public static void Return(ApiWorld world)
    {
        Idle.Add(world);
        Free.Release();
    }

    /// <summary>Stops every host, then the run's container if there is one, once no class will
    /// rent a world again (every HTTP test class has ended).</summary>
    public static async Task DisposeAllAsync()
    {
        while (All.TryTake(out var world))
        {
            await world.DisposeAsync();
        }

        await TestDatabase.StopContainerAsync();
    }
}
