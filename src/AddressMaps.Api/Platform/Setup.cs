using AddressMaps.Api.Auth;
using AddressMaps.Api.Data;
using AddressMaps.Api.RateLimiting;
using AddressMaps.Api.Seed;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.EntityFrameworkCore;
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
        services.AddOptions<AddressMapsOptions>()
            .Bind(builder.Configuration.GetSection(AddressMapsOptions.Section))
            .Validate(o => string.IsNullOrWhiteSpace(o.SeedFile) || File.Exists(o.SeedFile), "AddressMaps:SeedFile names a file that does not exist")
            .ValidateOnStart();
        var connectionString = Tuned(ConnectionString(builder.Configuration));
        services.AddDbContextPool<AddressMapsDbContext>(o => o
            .UseNpgsql(connectionString)
            .UseSnakeCaseNamingConvention());
        // For the few writers that bypass EF (the journal's batched COPY).
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
            ? throw new InvalidOperationException(
                "No PostgreSQL connection string. Set ConnectionStrings__AddressMaps (for example " +
                "'Host=127.0.0.1;Port=5432;Database=addressmaps;Username=postgres'), or start the emulator with scripts/run, which starts PostgreSQL itself.")
            : connectionString;
    }

    /// <summary>Pool size, prepared statements and a connection timeout suited to PostgreSQL on the
    /// same small machine (STYLE.md, performance habits); values given in the connection string win.</summary>
    private static string Tuned(string connectionString)
    {
        var csb = new NpgsqlConnectionStringBuilder(connectionString);
        // The keys as written (Npgsql's own builder answers true for every keyword it knows).
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        if (!given.ContainsKey("Maximum Pool Size") && !given.ContainsKey("MaxPoolSize"))
        {
            csb.MaxPoolSize = 16;
        }

        if (!given.ContainsKey("Max Auto Prepare"))
        {
            csb.MaxAutoPrepare = 32;
        }

        // A database that does not answer is a 503 within a second, never a hang (issue 7).
        if (!given.ContainsKey("Timeout"))
        {
            csb.Timeout = 1;
        }

        return csb.ConnectionString;
    }

    /// <summary>The pipeline, in order: ray and Server header, the request log line, the one error
    /// path, Swagger, routing, Cloudflare's auth stages, the rate limit, then the endpoints.</summary>
    public static void UsePlatformPipeline(this WebApplication app, IReadOnlyList<ICapability> capabilities)
    {
        app.UseMiddleware<CfRay>();
        app.UseSerilogRequestLogging(o =>
        {
            // One line per request; credential headers are never part of it.
            o.MessageTemplate = "HTTP {RequestMethod} {RequestPath} responded {StatusCode} in {Elapsed:0.0} ms (cf-ray {CfRay})";
            o.EnrichDiagnosticContext = (diagnostics, http) => diagnostics.Set("CfRay", CfRay.Get(http));
        });
        foreach (var capability in capabilities)
        {
            capability.UseEarly(app);
        }

        app.UseMiddleware<AuditLogId>();
        app.UseExceptionHandler(_ => { });
        app.UseStatusCodePages(EmptyErrorToEnvelope);
        app.UseSwagger();
        app.UseSwaggerUI(o =>
        {
            o.SwaggerEndpoint("/swagger/v1/swagger.json", "AddressMaps");
            o.SwaggerEndpoint("/swagger/emulator/swagger.json", "AddressMaps control plane");
            o.DocumentTitle = "AddressMaps: Cloudflare Address Maps emulator";
        });
        app.UseRouting();
        foreach (var capability in capabilities)
        {
            capability.UseAfterRouting(app);
        }

        app.UseCloudflareAuth();
        RateLimitStage.Use(app);
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
