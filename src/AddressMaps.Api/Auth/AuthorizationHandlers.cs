using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace AddressMaps.Api.Auth;

/// <summary>A requirement's refusal, carrying the Cloudflare error to answer.</summary>
public sealed class ApiFailureReason(IAuthorizationHandler handler, ApiException error) : AuthorizationFailureReason(handler, error.Message)
{
    public ApiException Error { get; } = error;
}

internal static class RouteAccount
{
    public static string Of(AuthorizationHandlerContext context) =>
        (context.Resource as HttpContext)?.GetRouteValue(Routes.AccountId) as string ?? "";
}

/// <summary>Permission group on the route's account (10000), from the caller alone.</summary>
public sealed class PermissionHandler : AuthorizationHandler<PermissionRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, PermissionRequirement requirement)
    {
        if (Caller.Of(context.User) is { } caller && caller.Allows(RouteAccount.Of(context), requirement.AnyOf))
        {
            context.Succeed(requirement);
        }
        else
        {
            context.Fail(new ApiFailureReason(this, Errors.AuthenticationError.With("Authentication error")));
        }

        return Task.CompletedTask;
    }
}

/// <summary>Rule 10 (entitlement): every address-map call of an account without the add-on is
/// refused with 1002, after identity and permission and before the body is read, as at
/// Cloudflare's edge. The flag is read through <see cref="IdentityCache"/>.</summary>
public sealed class AddOnHandler(AddressMapsDbContext db, IdentityCache cache) : AuthorizationHandler<AddOnRequirement>
{
    private sealed record AddOn(bool Enabled);

    private static readonly Func<AddressMapsDbContext, string, CancellationToken, Task<AddOn?>> AddOnQuery =
        EF.CompileAsyncQuery((AddressMapsDbContext c, string accountId, CancellationToken _) =>
            c.Accounts.Where(a => a.Id == accountId).Select(a => new AddOn(a.AddressMapsEnabled)).SingleOrDefault());

    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, AddOnRequirement requirement)
    {
        var accountId = RouteAccount.Of(context);
        var ct = (context.Resource as HttpContext)?.RequestAborted ?? CancellationToken.None;
        var enabled = (await cache.GetAsync("a:" + accountId, () => AddOnQuery(db, accountId, ct)))?.Enabled;
        if (enabled == true)
        {
            context.Succeed(requirement);
            return;
        }

        // An unknown account only gets this far in lenient mode.
        var error = enabled is null
            ? ControlPlane.AccountFactory.AccountNotFound(accountId)
            : Errors.AddOnMissing.With($"account {accountId} does not have the Address Maps add-on");
        context.Fail(new ApiFailureReason(this, error));
    }
}

/// <summary>Writes Cloudflare's envelope for a refused request, through the one error path: the
/// scheme's refusal of the credential, or the first failing requirement's error.</summary>
public sealed class EnvelopeAuthorizationResultHandler : IAuthorizationMiddlewareResultHandler
{
    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Succeeded)
        {
            return next(context);
        }

        throw authorizeResult.Challenged
            ? AuthFailures.Of(context) ?? Errors.MissingCredentials.With("Missing X-Auth-Key, X-Auth-Email or Authorization headers")
            : authorizeResult.AuthorizationFailure?.FailureReasons.OfType<ApiFailureReason>().FirstOrDefault()?.Error
                ?? Errors.AuthenticationError.With("Authentication error");
    }
}
