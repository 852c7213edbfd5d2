using Microsoft.AspNetCore.Components.Forms;
using Rectify.Web.Evidence;

namespace Rectify.Web.Components.Pages.Items.Detail;

public static class PickedFiles
{
    /// <summary>A file picked in the browser, read only when the upload asks for it (and never past the size limit it gives).</summary>
    public static PickedFile From(IBrowserFile file) => new(file.Name, file.Size, max => file.OpenReadStream(max));
}
