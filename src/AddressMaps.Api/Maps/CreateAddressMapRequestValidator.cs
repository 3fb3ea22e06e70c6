using FluentValidation;

namespace AddressMaps.Api.Maps;

/// <summary>Shape of a create body. Ownership rules (prefixes, zones, default SNI) need the
/// database and live in the domain service.</summary>
public sealed class CreateAddressMapRequestValidator : AbstractValidator<CreateAddressMapRequest>
{
    public CreateAddressMapRequestValidator()
    {
        RuleForEach(r => r.Ips)
            .NotNull()
            .WithErrorCode(Code(Errors.InvalidIp))
            .WithMessage((_, _) => "ips must hold IP address strings, not null");

        RuleForEach(r => r.Memberships)
            .NotNull()
            .WithErrorCode(Code(Errors.InvalidField))
            .WithMessage("memberships must hold {identifier, kind} objects, not null")
            .ChildRules(m =>
            {
                m.RuleFor(x => x!.Kind)
                    .Must(k => EnumText.ParseKind(k) is not null)
                    .WithErrorCode(Code(Errors.InvalidMembershipKind))
                    .WithMessage((_, k) => k is null
                        ? "membership kind is required: 'zone' or 'account'"
                        : $"membership kind '{k}' is invalid: expected 'zone' or 'account'");
                m.RuleFor(x => x!.Identifier)
                    .Must(Identifiers.IsCloudflareId)
                    .WithErrorCode(Code(Errors.InvalidIdentifier))
                    .WithMessage((_, id) => id is null
                        ? "membership identifier is required"
                        : $"membership identifier '{id}' is invalid: expected 32 lowercase hex characters");
            });
    }

    private static string Code(ErrorDefinition e) => e.Code.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
