namespace Rectify.Tests.Security;

/// <summary>
/// The test classes that use the default <see cref="SecurityApp"/>, sharing one (its setup signs in every demo user and adds
/// people; once instead of once per class). Their tests create the items they act on and compare counts before and after,
/// so what another class left in the database does not change their outcome.
/// </summary>
[CollectionDefinition(Name)]
public sealed class SecurityCollection : ICollectionFixture<SecurityApp>
{
    public const string Name = "security app";
}
