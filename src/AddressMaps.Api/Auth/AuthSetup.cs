using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace AddressMaps.Api.Auth;

/// <summary>Cloudflare's credentials as ASP.NET Core's own stages: an authentication scheme,
/// authorization policies for permission groups, account scope and the add-on, and a result
/// handler that answers refusals with the envelope. All run before an endpoint reads its body.</summary>
public static class AuthSetup
{
    public const string ModeHeader = "X-AddressMaps-Auth-Mode";

    public static void AddCloudflareAuth(this IServiceCollection services)
    {
        services.AddScoped<Authenticator>();
        services.AddSingleton<IdentityCache>();
        services.AddSingleton<IdentityInvalidation>();
        services.AddHostedService(sp => sp.GetRequiredService<IdentityInvalidation>());
        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, CloudflareAuthentication>(CloudflareAuthentication.SchemeName, null);
        services.AddAuthorization(Policies.Add);
        // In this order: the permission decides before the add-on is looked up.
        services.AddSingleton<IAuthorizationHandler, PermissionHandler>();
        services.AddScoped<IAuthorizationHandler, AddOnHandler>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, EnvelopeAuthorizationResultHandler>();
    }

    /// <summary>For an endpoint that writes accounts, users or tokens: its answer is sent once every
    /// replica's identity cache has been told (<see cref="IdentityInvalidation.AnnounceAsync"/>).</summary>
    public static TBuilder AnnouncesIdentityChange<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var result = await next(context);
            var http = context.HttpContext;
            await http.RequestServices.GetRequiredService<IdentityInvalidation>().AnnounceAsync(http.RequestAborted);
            return result;
        });

    public static void UseCloudflareAuth(this WebApplication app)
    {
        if (app.Services.GetRequiredService<IOptions<AddressMapsOptions>>().Value.AuthMode == AuthMode.Lenient)
        {
            // Every answer says so, errors included (added when the response starts: the exception
            // handler clears the headers of every error it writes).
            app.Use((context, next) =>
            {
                context.Response.OnStarting(() =>
                {
                    context.Response.Headers[ModeHeader] = "lenient";
                    return Task.CompletedTask;
                });
                return next(context);
            });
        }

        // Called here, after routing and inside the error path; otherwise WebApplication would add
        // authentication before everything, where the endpoint is not yet known.
        app.UseAuthentication();
        app.UseAuthorization();
    }
}
