using Amazon.CDK.AWS.EC2;

namespace ContainerPatterns.Kubernetes;

/// <summary>
/// The subnets a cluster's network interfaces, nodes and kubectl handler run in, selected once and checked for what
/// EKS and the kubectl handler need: subnets in two Availability Zones or more, and none of the VPC's public ones.
/// </summary>
internal static class ClusterSubnets
{
    // "When you create a cluster, you specify a VPC and at least two subnets that are in different Availability Zones"
    // (EKS user guide, "View Amazon EKS networking requirements for VPC and subnets", read 2026-12-02).
    public const int MinAvailabilityZones = 2;

    /// <summary>
    /// Selects <paramref name="selection"/> from <paramref name="vpc"/> and records a problem under <paramref name="prop"/>
    /// when the subnets include public ones or span fewer than two Availability Zones; null when nothing can be selected.
    /// </summary>
    /// <param name="v">The validator.</param>
    /// <param name="prop">The prop that selects the subnets (e.g. <c>VpcSubnets</c>).</param>
    /// <param name="vpc">The VPC.</param>
    /// <param name="selection">The selection.</param>
    /// <param name="checkZones">Whether to require two zones (EKS's rule for a cluster it creates).</param>
    public static ISelectedSubnets? Select(PropValidator v, string prop, IVpc vpc, ISubnetSelection selection, bool checkZones)
    {
        ISelectedSubnets selected;
        try
        {
            selected = vpc.SelectSubnets(selection);
        }
        catch (Exception e) when (e.GetType() == typeof(Exception) && e.Message.Contains("subnet", StringComparison.OrdinalIgnoreCase))
        {
            // CDK's own error from the kernel, e.g. "There are no 'Private' subnet groups in this VPC. Available types: Public".
            v.FailWith($"{prop} selects no subnets of the VPC ({e.Message.Replace("Error: ", string.Empty, StringComparison.Ordinal)}); allowed: private subnets with egress in two or more Availability Zones.");
            return null;
        }

        // Lambda does not give a VPC function a public IP address, even in a public subnet, so the kubectl handler
        // could not reach the EKS and STS APIs from one (Lambda developer guide, "Enable internet access for
        // VPC-connected Lambda functions", read 2026-12-02).
        if (selected.HasPublic)
        {
            var publicIds = new HashSet<string>(vpc.PublicSubnets.Select(s => s.SubnetId), StringComparer.Ordinal);
            var named = selected.Subnets.Select(s => s.SubnetId).Where(publicIds.Contains).Select(Describe);
            v.FailWith($"{prop} selects public subnets ({string.Join(", ", named)}); the kubectl handler's Lambda functions get no public IP address there, so they cannot reach the EKS API; allowed: private subnets with egress (a NAT gateway) or with VPC endpoints for EKS and STS.");
        }

        if (checkZones && Zones(selected) is { } zones && zones.Count < MinAvailabilityZones)
        {
            v.FailWith($"{prop} selects subnets in {zones.Count} Availability Zone ({string.Join(", ", zones.Select(Describe))}); EKS needs subnets in at least {MinAvailabilityZones} Availability Zones; allowed: a VPC with subnets in two or more zones (e.g. ContainerNetwork's default of two).");
        }

        return selected;
    }

    /// <summary>The distinct Availability Zones of the subnets; null when a subnet was imported without its zone.</summary>
    public static IReadOnlyList<string>? Zones(ISelectedSubnets subnets)
    {
        try
        {
            return subnets.AvailabilityZones.Distinct(StringComparer.Ordinal).ToArray();
        }
        catch (Exception e) when (e.Message.Contains("availability zone", StringComparison.OrdinalIgnoreCase))
        {
            return null; // Subnet.FromSubnetId without an availability zone: "You cannot reference a Subnet's availability zone if it was not supplied"
        }
    }

    private static string Describe(string value) => PropValidator.IsToken(value) ? "a zone or id known at deploy time" : value;
}
