namespace AddressMaps.Api.Data;

/// <summary>Part of a BYOIP prefix delegated to another account (CONTRACT §10.2): the delegate may
/// put the IPs of <see cref="Cidr"/> on its own maps; the owner keeps its own use of them.</summary>
public sealed class PrefixDelegation
{
    public required string Id { get; set; }

    /// <summary>The parent prefix and its account (the owner, who made the delegation).</summary>
    public required string PrefixId { get; set; }
    public required string AccountId { get; set; }

    /// <summary>The parent prefix's CIDR, kept beside the delegation so PostgreSQL itself checks
    /// that <see cref="Cidr"/> lies inside it (a foreign key on (prefix_id, parent_cidr)).</summary>
    public required IPNetwork ParentCidr { get; set; }
    public required IPNetwork Cidr { get; set; }
    public required string DelegatedAccountId { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime ModifiedAt { get; set; }
}
