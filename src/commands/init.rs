//! `delugen init`: a commented starter spec that validates as written.

use std::io::Write;

use crate::cli::InitArgs;
use crate::exit;
use crate::zoho::{Product, Region};

/// The product-specific part of the starter: scopes, module and one request.
fn product_part(product: Product) -> &'static str {
    match product {
        Product::Crm => {
            "scopes:
  # The narrowest scope that covers the requests; ZohoCRM.modules.ALL covers every module.
  - ZohoCRM.modules.leads.ALL
# The module's API name (Setup → Developer Space → APIs → API names).
module: Leads
requests:
  # One script per request. method: POST creates, PUT updates (needs record_id),
  # upsert inserts or updates by duplicate_check_fields; GET reads one record, search
  # finds records (criteria, or email/phone/word under filters), coql runs a query,
  # DELETE deletes (README: Request kinds). Reads need ...READ scopes, deletes ...DELETE.
  - name: create-lead
    method: POST
    fields:
      Last_Name: Example
      Company: Example Ltd
    # trigger: []   # set off no workflow; leave out to set off the defaults
  # A request with inputs is the body of a function a workflow or button calls: its
  # arguments are declared under inputs, and values come from them under from_inputs
  # (fields stay literal). It checks Zoho's answer and returns the record's id.
  - name: update-lead-status
    method: PUT
    inputs:
      lead_id: {type: Int, mapped_from: Leads › Lead Id}
      status: String
    record_id: {input: lead_id}
    from_inputs:
      Lead_Status: status
"
        }
        Product::Books => {
            "scopes:
  - ZohoBooks.contacts.ALL
# The Books resource: contacts, invoices, contacts/contactpersons, ...
module: contacts
# Settings → Organization Profile in Zoho Books.
organization_id: \"10234695\"
requests:
  # method: POST creates, PUT updates (needs record_id); GET reads one record, search
  # lists records by filters (email, contact_name, status, ...), DELETE deletes
  # (README: Request kinds). Reads need ...READ scopes, deletes ...DELETE.
  - name: create-contact
    method: POST
    fields:
      contact_name: Example Ltd
      contact_type: customer
  # A request with inputs is the body of a function a workflow rule calls; Books hands
  # it the record as a Map, and from_inputs takes values from its keys (fields stay
  # literal). It checks Zoho's answer and returns the record's id.
  - name: update-contact-terms
    method: PUT
    inputs:
      contact: {type: Map, description: the contact the workflow rule fired on}
    record_id: {input: contact.contact_id}
    fields:
      payment_terms: 30
# body: json   # send the record as a JSON body instead of the form field JSONString
"
        }
        Product::Creator => {
            "scopes:
  - ZohoCreator.form.CREATE
  - ZohoCreator.report.UPDATE
# Link names from the application's address: CREATOR_ADDRESS
module:
  owner: example_owner
  app: example_app
  form: Example_Form
  report: All_Examples   # needed for PATCH (update) requests
requests:
  # method: POST adds a record through the form, PATCH updates one through the report;
  # GET reads one, search finds records by criteria, DELETE deletes (README: Request
  # kinds). Reads need ZohoCreator.report.READ, deletes ZohoCreator.report.DELETE.
  - name: add-record
    method: POST
    fields:
      Name: Example
  # A request with inputs is the body of a function other scripts call: its arguments
  # are declared under inputs, values come from them under from_inputs (fields stay
  # literal). It checks Zoho's answer and returns the record's id.
  - name: update-record-status
    method: PATCH
    inputs:
      record_id: Int
      status: String
    record_id: {input: record_id}
    from_inputs:
      Status: status
"
        }
    }
}

/// Where a Creator application's link names show, in the chosen data centre (`login` is
/// creator.zoho.in for India), with a caution where Creator's own list lacks the region.
fn creator_address(region: Region, login: &str) -> String {
    let listed = matches!(
        region,
        Region::Us | Region::Eu | Region::In | Region::Au | Region::Jp | Region::Cn
    );
    let caution = if listed {
        ""
    } else {
        "\n# Zoho Creator's data-centre list does not name this region: check the address\n\
         # you sign in at before relying on it."
    };
    format!("{login}/appbuilder/<owner>/<app>/...{caution}")
}

pub fn starter(product: Product, region: Region) -> String {
    let dc = region.data_centre();
    let login = format!("{}.{}", product.conventions().login_host(), dc.login_domain);
    format!(
        "# yaml-language-server: $schema=./delugen.schema.json
# (write the schema beside the spec with `delugen schema > delugen.schema.json`)
# A delugen spec: `delugen validate` checks it, `delugen render` writes the scripts.
# Every key is described in delugen's README (Spec reference).

# Lowercase letters, digits, - and _: names the output folder.
name: example-{product}
product: {product}
# The data centre: the domain you sign in at ({login}) → {region}.
region: {region}
client:
  # Register a Server-based or Self client at {console}.
  id: 1000.REPLACE0WITH0YOUR0CLIENT0ID
  # Better kept out of files: secret: ${{ZOHO_CLIENT_SECRET}} reads it when rendering.
  secret: replace-with-your-client-secret
  redirect_uri: https://www.example.com/oauth/callback
# runs_in: crm              # where the scripts are pasted, when not the product they call
# auth:
#   mode: connection        # recommended inside Zoho: a connection instead of the client above
#   connection: my_connection
#   refresh_token: ${{ZOHO_REFRESH_TOKEN}}   # once 02-refresh-token.dg has given you one
#   store: crm-variables    # or creator-form: secrets and a reused token in Zoho, not the scripts
#   store_connection: crm_variables       # crm-variables: a connection to this CRM
# on_error:
#   email: ops@example.com   # a failed request mails Zoho's answer here
{part}",
        product = product.key(),
        region = region.key(),
        login = login,
        console = dc.api_console,
        part = product_part(product).replace("CREATOR_ADDRESS", &creator_address(region, &login)),
    )
}

pub fn run(args: &InitArgs, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let text = starter(args.product, args.region);
    let Some(file) = &args.file else {
        let _ = write!(out, "{text}");
        return exit::SUCCESS;
    };
    // create_new refuses to overwrite, even if the file appears meanwhile.
    let created = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(file);
    match created.and_then(|mut f| f.write_all(text.as_bytes())) {
        Ok(()) => {
            let _ = writeln!(
                out,
                "wrote {}; check it with `delugen validate {}`",
                file.display(),
                file.display()
            );
            exit::SUCCESS
        }
        Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => {
            let _ = writeln!(
                err,
                "error: {} already exists; delugen init never overwrites",
                file.display()
            );
            exit::ERROR
        }
        Err(error) => {
            let _ = writeln!(err, "error: cannot write {}: {error}", file.display());
            exit::ERROR
        }
    }
}
