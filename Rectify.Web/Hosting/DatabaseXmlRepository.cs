using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace Rectify.Web.Hosting;

/// <summary>
/// Keeps the Data Protection key ring (which protects sign-in cookies, antiforgery tokens and ProtectedLocalStorage) in the
/// database, so every app instance reads the same keys and users stay signed in whichever instance serves them.
/// Kept in place of Microsoft.AspNetCore.DataProtection.EntityFrameworkCore, whose repository saves with the synchronous
/// SaveChanges that <see cref="RectifyDbContext"/> refuses (docs/decisions/0011-data-protection-key-ring.md). What it stores
/// is encrypted under the operator's key (<see cref="KeyRingEncryption"/>).
/// </summary>
public sealed class DatabaseXmlRepository(IDbContextFactory<RectifyDbContext> dbFactory) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var db = dbFactory.CreateDbContext();
        return db.Set<DataProtectionKey>().AsNoTracking().OrderBy(k => k.Id).Select(k => k.Xml).ToList().Select(XElement.Parse).ToList();
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var db = dbFactory.CreateDbContext();
        // The interface is synchronous: a synchronous INSERT, not SaveChangesAsync().GetAwaiter().GetResult() (RectifyDbContext
        // forbids sync SaveChanges to protect its audit hook, which keys do not need; blocking on async here can starve).
        db.Database.ExecuteSqlRaw(
            "INSERT INTO \"DataProtectionKeys\" (\"FriendlyName\", \"Xml\") VALUES ({0}, {1})",
            friendlyName, element.ToString(SaveOptions.DisableFormatting));
    }
}
