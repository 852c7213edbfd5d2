// Namespaces that most files of this project use (decision 0055's layout); a file imports the rest itself.
global using Microsoft.EntityFrameworkCore;
global using Microsoft.EntityFrameworkCore.Metadata.Builders;
global using Microsoft.Extensions.Localization;
global using Microsoft.Extensions.Options;
global using Rectify.Domain.Access;
global using Rectify.Domain.Ledger;
global using Rectify.Domain.Organizations;
global using Rectify.Web.Auditing;
global using Rectify.Web.Data;
global using Rectify.Web.Identity;
global using Rectify.Web.Ledger;
global using Rectify.Web.Localization;
global using Rectify.Web.Mail;
global using System.Globalization;
