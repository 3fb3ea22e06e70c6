using AddressMaps.Api.RateLimiting;
using AddressMaps.Api.Seed;
using Microsoft.AspNetCore.Diagnostics;
using Npgsql;
using Serilog;

namespace AddressMaps.Api.Platform;

/// <summary>What every capability runs on: options, the database, JSON, auth, the error path and
/// the middleware pipeline, in order. Program.cs adds the capabilities.</summary>
public static class Setup
{
    public const string ConnectionStringName = "AddressMaps";

    public static void AddPlatform(this WebApplicationBuilder builder, IReadOnlyList<ICapability> capabilities)
    {
        var services = builder.Services;
        ConfigureHost(builder);
        // A seed file that does not exist is start-up's first check (WorldStateStartup), naming it.
        services.AddOptions<AddressMapsOptions>()
            .Bind(builder.Configuration.GetSection(AddressMapsOptions.Section));
        var (connectionString, multiplexed) = Tuned(ConnectionString(builder.Configuration));
        services.AddDbContextPool<AddressMapsDbContext>(o => o
            .UseNpgsql(multiplexed)
            .UseSnakeCaseNamingConvention());
        // For what needs a connection of its own (the journal's batched INSERT, the identity
        // cache's LISTEN): not multiplexed.
        services.AddSingleton(_ => NpgsqlDataSource.Create(connectionString));

        // The emulator's movable clock is the process's time (EMULATOR.md §6).
        services.AddSingleton(new EmulatorTime(TimeProvider.System));
        services.AddSingleton<TimeProvider>(sp => sp.GetRequiredService<EmulatorTime>());
        services.AddSingleton<Clock>();
        services.AddScoped<RateLimiter>();
        services.AddScoped<WorldState>();
        services.AddCloudflareAuth();
        services.ConfigureHttpJsonOptions(o => WireJsonContext.Apply(o.SerializerOptions));
        services.Configure<Microsoft.AspNetCore.Mvc.JsonOptions>(o => WireJsonContext.Apply(o.JsonSerializerOptions));
        services.Configure<RouteOptions>(o => o.SetParameterPolicy<CloudflareIdConstraint>("cfid"));
        services.AddSingleton(new RecentOutage());
        services.AddExceptionHandler<ApiExceptionHandler>();
        services.AddOpenApiDocument();
        foreach (var capability in capabilities)
        {
            capability.AddServices(services);
        }
    }

    /// <summary>Serilog, Kestrel's limits and headers, the shutdown timeout.</summary>
    private static void ConfigureHost(WebApplicationBuilder builder)
    {
        var services = builder.Services;
        builder.Host.UseSerilog();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false; // "Server: cloudflare" is set by CfRay, as the real API answers
            k.Limits.MaxRequestBodySize = JsonBody.MaxBytes + 1; // JsonBody answers 413 past the limit
        });
        // SIGTERM: stop accepting, let in-flight requests finish for this long, exit 0.
        var shutdownSeconds = builder.Configuration.GetValue($"{AddressMapsOptions.Section}:ShutdownTimeoutSeconds", AddressMapsOptions.DefaultShutdownTimeoutSeconds);
        services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(shutdownSeconds));
    }

    private static string ConnectionString(IConfiguration configuration)
    {
        var connectionString = configuration.GetConnectionString(ConnectionStringName);
        return string.IsNullOrWhiteSpace(connectionString)
            ? throw new StartupException(
                "no PostgreSQL connection string; set ConnectionStrings__AddressMaps (for example " +
                "'Host=127.0.0.1;Port=5432;Database=addressmaps;Username=postgres'), or start the emulator with scripts/run, which starts PostgreSQL itself")
            : connectionString;
    }

    /// <summary>Pool size, prepared statements and a connection timeout suited to PostgreSQL on the
    /// same small machine (STYLE.md, performance habits); values given in the connection string win.</summary>
    /// <returns>The tuned string, and the same multiplexed for EF: Npgsql writes the commands of
    /// concurrent requests together (issue 13: fewer round trips and context switches on a 2-core
    /// box). A transaction holds its connection as before, so the pool stays at 16: with 8, writers
    /// in transactions could leave a request waiting past the 1 s connection timeout (a 503) under
    /// load. The journal's batched INSERT and the identity cache's LISTEN use the plain one, with
    /// synchronous_commit off.</returns>
    private static (string Plain, string Multiplexed) Tuned(string connectionString)
    {
        NpgsqlConnectionStringBuilder csb;
        System.Data.Common.DbConnectionStringBuilder given;
        try
        {
            csb = new NpgsqlConnectionStringBuilder(connectionString);
            // The keys as written (Npgsql's own builder answers true for every keyword it knows).
            given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        }
        catch (ArgumentException e)
        {
            throw new StartupException($"ConnectionStrings__AddressMaps is not a PostgreSQL connection string ({StartupFailure.OneLine(e.Message)}); write it as 'Host=…;Port=…;Database=…;Username=…;Password=…'", e);
        }

        SetDefaults(csb, given);
        var multiplexed = new NpgsqlConnectionStringBuilder(csb.ConnectionString) { Multiplexing = !given.ContainsKey("Multiplexing") || csb.Multiplexing };
        // The journal's commits do not wait for the WAL to reach the disk: its entries are visible
        // to every replica at once all the same, and a PostgreSQL crash (not a clean stop) may lose
        // the last fraction of a second of them (docs/fidelity.md). Measured: 3.9 → 1.4 ms per
        // request on an fsync'd cluster, single client.
        csb.Options = ((csb.Options ?? "") + " -c synchronous_commit=off").Trim();
        return (csb.ConnectionString, multiplexed.ConnectionString);
    }

    /// <summary>The tuned values, each only where the given string does not name it.</summary>
    private static void SetDefaults(NpgsqlConnectionStringBuilder csb, System.Data.Common.DbConnectionStringBuilder given)
    {
        void Default(Action set, params string[] keys)
        {
            if (!keys.Any(given.ContainsKey))
            {
                set();
            }
        }

        Default(() => csb.MaxPoolSize = 16, "Maximum Pool Size", "MaxPoolSize");
        Default(() => csb.MaxAutoPrepare = 32, "Max Auto Prepare");
        // The list of 1,000 maps is about 150 KB of rows: read 8 KB at a time (the default), the
        // multiplexing read loop spent half the request's CPU in buffer refills (issue 13: 120-126
        // → 209-218 req/s for that list, same load; details and writes unchanged).
        Default(() => csb.ReadBufferSize = 64 * 1024, "Read Buffer Size", "ReadBufferSize");
        // Nothing here keeps session state on a pooled connection (advisory locks are per
        // transaction, no SET), so a connection back in the pool is not reset: the reset cost
        // PostgreSQL 0.2–0.3 ms per transaction and per journal batch (issue 13).
        Default(() => csb.NoResetOnClose = true, "No Reset On Close", "NoResetOnClose");
        // A database that does not answer is a 503 within a second, never a hang (issue 7).
        Default(() => csb.Timeout = 1, "Timeout");
    }

    /// <summary>The pipeline, in order: ray and Server header, the request log line, the one error
    /// path, Swagger, routing, Cloudflare's auth stages, the rate limit, the writes' turns, then the
    /// endpoints.</summary>
    public static void UsePlatformPipeline(this WebApplication app, IReadOnlyList<ICapability> capabilities)
    {
        app.UseMiddleware<CfRay>();
        app.UseSerilogRequestLogging(o =>
        {
            // One line per request; credential headers are never part of it.
            o.MessageTemplate = "HTTP {RequestMethod} {RequestPath} responded {StatusCode} in {Elapsed:0.0} ms (cf-ray {CfRay})";
            o.EnrichDiagnosticContext = (diagnostics, http) => diagnostics.Set("CfRay", CfRay.Get(http));
            o.GetLevel = (http, _, exception) =>
                Logging.RequestLineLevel(http.Response.StatusCode, http.Items.ContainsKey(Journal.JournalStage.FaultItem), exception is not null);
        });
        foreach (var capability in capabilities)
        {
            capability.UseEarly(app);
        }

        app.UseMiddleware<AuditLogId>();
        app.UseExceptionHandler(_ => { });
        app.UseStatusCodePages(EmptyErrorToEnvelope);
        app.UseOpenApiDocuments();
        app.UseRouting();
        foreach (var capability in capabilities)
        {
            capability.UseAfterRouting(app);
        }

        app.UseCloudflareAuth();
        RateLimitStage.Use(app);
        WriteTurns.Use(app);
        foreach (var capability in capabilities)
        {
            capability.MapRoutes(app);
        }

        app.MapPlatformRoutes();
    }

    /// <summary>A framework answer with no body (405 for a known path and unknown method, say)
    /// still gets Cloudflare's envelope.</summary>
    private static async Task EmptyErrorToEnvelope(StatusCodeContext context)
    {
        var http = context.HttpContext;
        var error = http.Response.StatusCode == StatusCodes.Status404NotFound || http.Response.StatusCode == StatusCodes.Status405MethodNotAllowed
            ? Errors.RouteNotFound(http.Request.Path.Value ?? "/")
            : Errors.InvalidField.With($"request refused with HTTP {http.Response.StatusCode}");
        await ApiResponses.WriteErrorAsync(http, error);
    }
}
