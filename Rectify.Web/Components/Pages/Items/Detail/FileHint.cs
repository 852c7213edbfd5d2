using Rectify.Web.Evidence;

namespace Rectify.Web.Components.Pages.Items.Detail;

/// <summary>The line under a file picker: which kinds of file and how large, as the store will check them.</summary>
public static class FileHint
{
    public static string For(IStringLocalizer<Text> text, EvidenceStore store) =>
        text["ItemDetail.FileHint", string.Join(' ', store.AcceptAttribute.Split(',')), EvidenceStore.SizeText(store.MaxFileBytes)];
}
