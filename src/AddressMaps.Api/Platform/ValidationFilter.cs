using System.Globalization;
using FluentValidation;

namespace AddressMaps.Api.Platform;

/// <summary>Endpoint filter factory (after TodoApi's): attaches only to endpoints with a parameter
/// that has a registered validator, and turns failures into one Cloudflare error.</summary>
public static class ValidationFilter
{
    public static EndpointFilterDelegate Factory(EndpointFilterFactoryContext context, EndpointFilterDelegate next)
    {
        var services = context.ApplicationServices;
        var targets = context.MethodInfo.GetParameters()
            .Select((p, index) => (index, validator: services.GetService(typeof(IValidator<>).MakeGenericType(p.ParameterType)) as IValidator))
            .Where(t => t.validator is not null)
            .ToList();
        if (targets.Count == 0)
        {
            return next;
        }

        return async invocation =>
        {
            foreach (var (index, validator) in targets)
            {
                var argument = invocation.Arguments[index];
                if (argument is null)
                {
                    continue;
                }

                var result = await validator!.ValidateAsync(new ValidationContext<object>(argument), invocation.HttpContext.RequestAborted);
                if (!result.IsValid)
                {
                    var items = result.Errors.Select(Item).ToList();
                    var first = Errors.All.First(e => e.Code == items[0].Code);
                    throw new ApiException(first, items[0].Message, items.Skip(1).ToList());
                }
            }

            return await next(invocation);
        };
    }

    /// <summary>One failure as an error item, its message begun with its code's catalogue name.</summary>
    private static ApiErrorItem Item(FluentValidation.Results.ValidationFailure failure)
    {
        var code = int.Parse(failure.ErrorCode, CultureInfo.InvariantCulture);
        return new ApiErrorItem(code, Errors.All.First(e => e.Code == code).Message(failure.ErrorMessage));
    }
}
