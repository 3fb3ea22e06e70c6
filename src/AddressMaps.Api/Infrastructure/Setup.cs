using AddressMaps.Api.Auth;
using AddressMaps.Api.Contracts;
using AddressMaps.Api.Data;
using AddressMaps.Api.Domain;
using AddressMaps.Api.Seed;
using AddressMaps.Api.Validation;
using FluentValidation;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using Serilog;

namespace AddressMaps.Api.Infrastructure;

/// <summary>Service registration and the middleware pipeline, kept out of Program.cs.</summary>
public static class Setup
{
    public const string ConnectionStringName = "AddressMaps";

    public static void AddAddressMaps(this WebApplicationBuilder builder)
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

        services.AddOptions<AddressMapsOptions>()
            .Bind(builder.Configuration.GetSection(AddressMapsOptions.Section))
            .Validate(o => string.IsNullOrWhiteSpace(o.SeedFile) || File.Exists(o.SeedFile), "AddressMaps:SeedFile names a file that does not exist")
            .ValidateOnStart();

        var connectionString = builder.Configuration.GetConnectionString(ConnectionStringName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException(
                "No PostgreSQL connection string. Set ConnectionStrings__AddressMaps (for example " +
                "'Host=127.0.0.1;Port=5432;Database=addressmaps;Username=postgres'), or start the emulator with scripts/run, which starts PostgreSQL itself.");
        }

        services.AddDbContextPool<AddressMapsDbContext>(o => o
            .UseNpgsql(Tuned(connectionString))
            .UseSnakeCaseNamingConvention());

        services.AddSingleton(TimeProvider.System);
        services.AddScoped<AddressMapService>();
        services.AddScoped<Authenticator>();
        services.AddScoped<RateLimiter>();
        services.AddScoped<SeedLoader>();
        // Singletons: validators are stateless, and the filter factory resolves them once per endpoint.
        services.AddValidatorsFromAssemblyContaining<CreateAddressMapRequestValidator>(ServiceLifetime.Singleton, includeInternalTypes: true);

        services.ConfigureHttpJsonOptions(o => WireJsonContext.Apply(o.SerializerOptions));
        services.Configure<Microsoft.AspNetCore.Mvc.JsonOptions>(o => WireJsonContext.Apply(o.JsonSerializerOptions));
        services.Configure<RouteOptions>(o => o.SetParameterPolicy<CloudflareIdConstraint>("cfid"));
        services.AddExceptionHandler<ApiExceptionHandler>();
        services.AddOpenApiDocument();
    }

    /// <summary>Pool size and prepared statements suited to PostgreSQL on the same small machine
    /// (STYLE.md, performance habits); values given in the connection string win.</summary>
    private static string Tuned(string connectionString)
    {
        var csb = new NpgsqlConnectionStringBuilder(connectionString);
        if (!connectionString.Contains("Maximum Pool Size", StringComparison.OrdinalIgnoreCase) && !connectionString.Contains("MaxPoolSize", StringComparison.OrdinalIgnoreCase))
        {
            csb.MaxPoolSize = 16;
        }

        if (!connectionString.Contains("Max Auto Prepare", StringComparison.OrdinalIgnoreCase))
        {
            csb.MaxAutoPrepare = 32;
        }

        // A database that does not answer is a 503 within a second, never a hang (issue 7).
        if (!connectionString.Contains("Timeout", StringComparison.OrdinalIgnoreCase))
        {
            csb.Timeout = 1;
        }

        return csb.ConnectionString;
    }

    public static void UseAddressMapsPipeline(this WebApplication app)
    {
        app.UseMiddleware<CfRay>();
        app.UseSerilogRequestLogging(o =>
        {
            // One line per request; credential headers are never part of it.
            o.MessageTemplate = "HTTP {RequestMethod} {RequestPath} responded {StatusCode} in {Elapsed:0.0} ms (cf-ray {CfRay})";
            o.EnrichDiagnosticContext = (diagnostics, http) => diagnostics.Set("CfRay", CfRay.Get(http));
        });
        app.UseExceptionHandler(_ => { });
        app.UseStatusCodePages(EmptyErrorToEnvelope);
        app.UseSwagger();
        app.UseSwaggerUI(o =>
        {
            o.SwaggerEndpoint("/swagger/v1/swagger.json", "AddressMaps");
            o.DocumentTitle = "AddressMaps: Cloudflare Address Maps emulator";
        });
        app.UseRouting();
        app.UseMiddleware<AuthMiddleware>();
        app.MapGet("/", () => Results.Redirect("/swagger")).ExcludeFromDescription();
        // Liveness without the database: readiness probes and the benchmark's baseline.
        app.MapGet("/healthz", () => TypedResults.Ok(Envelope<object>.Ok(null))).ExcludeFromDescription();
    }

    /// <summary>A framework answer with no body (405 for a known path and unknown method, say)
    /// still gets Cloudflare's envelope.</summary>
    private static async Task EmptyErrorToEnvelope(StatusCodeContext context)
    {
        var http = context.HttpContext;
        var error = http.Response.StatusCode == StatusCodes.Status404NotFound || http.Response.StatusCode == StatusCodes.Status405MethodNotAllowed
            ? Errors.RouteNotFound(http.Request.Path.Value ?? "/")
            : Errors.InvalidField.With($"Request refused with HTTP {http.Response.StatusCode}");
        await ApiResponses.WriteErrorAsync(http, error);
    }

    /// <summary>Applies migrations, loads the seed (file or built-in demo) and prints what a
    /// user needs to start calling.</summary>
    public static async Task InitializeDatabaseAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AddressMapsDbContext>();
        await db.Database.MigrateAsync();

        var options = scope.ServiceProvider.GetRequiredService<IOptions<AddressMapsOptions>>().Value;
        var isDemoSeed = string.IsNullOrWhiteSpace(options.SeedFile);
        var path = isDemoSeed ? Path.Combine(AppContext.BaseDirectory, SeedLoader.DemoSeedFile) : options.SeedFile!;
        var seed = SeedLoader.Read(path);
        await scope.ServiceProvider.GetRequiredService<SeedLoader>().LoadAsync(seed, CancellationToken.None);
        StartupBanner.Print(app.Logger, seed, path, options, isDemoSeed);
    }
}
