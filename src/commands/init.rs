//! `delugen init`: a commented starter spec that validates as written, shaped by what the
//! user already knows (product, data centre, module, request kind, where the scripts run,
//! how they authenticate), or copied from one of the shipped examples.

use std::io::Write;

use crate::cli::{InitArgs, InitAuth};
use crate::exit;
use crate::spec::Method;
use crate::zoho::{Product, Region};

/// The examples shipped in `specs/`, embedded so `--example` works from the binary alone.
pub const EXAMPLES: &[(&str, &str)] = &[
    (
        "books-contact-lookup",
        include_str!("../../specs/books-contact-lookup.yaml"),
    ),
    (
        "books-workflow-function",
        include_str!("../../specs/books-workflow-function.yaml"),
    ),
    (
        "creator-order-lookup",
        include_str!("../../specs/creator-order-lookup.yaml"),
    ),
    (
        "creator-orders",
        include_str!("../../specs/creator-orders.yaml"),
    ),
    (
        "creator-token-store",
        include_str!("../../specs/creator-token-store.yaml"),
    ),
    (
        "crm-deals-connection",
        include_str!("../../specs/crm-deals-connection.yaml"),
    ),
    (
        "crm-lead-lookup",
        include_str!("../../specs/crm-lead-lookup.yaml"),
    ),
    ("crm-leads", include_str!("../../specs/crm-leads.yaml")),
    (
        "crm-to-books-other-dc-connection",
        include_str!("../../specs/crm-to-books-other-dc-connection.yaml"),
    ),
    (
        "crm-to-books-other-org",
        include_str!("../../specs/crm-to-books-other-org.yaml"),
    ),
    ("seed-books", include_str!("../../specs/seed-books.yaml")),
];

/// What the user chose on the command line; everything else is the starter's default.
#[derive(Debug, Clone)]
pub struct Choices {
    pub product: Product,
    pub region: Region,
    pub module: Option<String>,
    pub method: Option<Method>,
    pub runs_in: Option<Product>,
    pub auth: InitAuth,
}

impl Choices {
    pub fn new(product: Product, region: Region) -> Self {
        Choices {
            product,
            region,
            module: None,
            method: None,
            runs_in: None,
            auth: InitAuth::Token,
        }
    }
}

/// The methods each product takes, in the order the starter's comment lists them.
pub fn methods_of(product: Product) -> &'static [Method] {
    match product {
        Product::Crm => &[
            Method::Post,
            Method::Put,
            Method::Upsert,
            Method::Get,
            Method::Search,
            Method::Coql,
            Method::Delete,
        ],
        Product::Books => &[
            Method::Post,
            Method::Put,
            Method::Get,
            Method::Search,
            Method::Delete,
        ],
        Product::Creator => &[
            Method::Post,
            Method::Patch,
            Method::Get,
            Method::Search,
            Method::Delete,
        ],
    }
}

/// Fields a create needs in the modules people start with; other modules get one field
/// to replace.
fn sample_fields(product: Product, module: &str) -> &'static str {
    match (product, module) {
        (Product::Crm, "Leads") => "      Last_Name: Example\n      Company: Example Ltd\n",
        (Product::Crm, "Contacts") => "      Last_Name: Example\n      Email: ana@example.com\n",
        (Product::Crm, "Accounts") => "      Account_Name: Example Ltd\n",
        (Product::Crm, "Deals") => "      Deal_Name: Example deal\n      Stage: Qualification\n",
        (Product::Crm, _) => "      Name: Example   # replace with the module's field API names\n",
        (Product::Books, "contacts") => {
            "      contact_name: Example Ltd\n      contact_type: customer\n"
        }
        (Product::Books, "items") => "      name: Example item\n      rate: 10\n",
        (Product::Books, "invoices" | "estimates" | "salesorders") => {
            "      customer_id: \"460000000026049\"   # the contact's id in Books\n      \
             line_items:\n        - {name: Example item, rate: 10, quantity: 1}\n"
        }
        (Product::Books, _) => {
            "      reference_number: EXAMPLE-1   # replace with the resource's fields\n"
        }
        (Product::Creator, _) => {
            "      Name: Example   # replace with the form's field link names\n"
        }
    }
}

/// A field an update sets from an argument.
fn status_field(product: Product, module: &str) -> &'static str {
    match (product, module) {
        (Product::Crm, "Leads") => "Lead_Status",
        (Product::Crm, "Deals") => "Stage",
        (Product::Crm, _) => "Description",
        (Product::Books, "contacts") => "notes",
        (Product::Books, _) => "reference_number",
        (Product::Creator, _) => "Status",
    }
}

/// The default module of each product.
fn default_module(product: Product) -> &'static str {
    match product {
        Product::Crm => "Leads",
        Product::Books => "contacts",
        Product::Creator => "Example_Form",
    }
}

/// One request of `method` on `module`, as YAML list items under `requests:`.
fn request_of(product: Product, module: &str, method: Method) -> String {
    // One record's name: Leads → lead, invoices → invoice.
    let lower: String = module
        .to_ascii_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    let slug = lower
        .strip_suffix('s')
        .filter(|s| !s.is_empty())
        .unwrap_or(&lower);
    let fields = sample_fields(product, module);
    let status = status_field(product, module);
    let id_type = "{type: Int, description: the record's id}";
    match method {
        Method::Post => format!("  - name: create-{slug}\n    method: POST\n    fields:\n{fields}"),
        Method::Put | Method::Patch => format!(
            "  # A request with inputs is the body of a function: its arguments are declared\n  \
             # under inputs, values come from them under from_inputs (fields stay literal).\n  \
             - name: update-{slug}\n    method: {verb}\n    inputs:\n      record_id: {id_type}\n      \
             value: {{type: String, description: the new value}}\n    record_id: {{input: record_id}}\n    \
             from_inputs:\n      {status}: value\n",
            verb = method.as_str(),
        ),
        Method::Upsert => {
            let key = fields
                .lines()
                .next()
                .and_then(|line| line.trim().split(':').next())
                .unwrap_or("Name")
                .to_string();
            format!(
                "  # Inserts the record, or updates the one whose {key} matches.\n  \
                 - name: upsert-{slug}\n    method: upsert\n    fields:\n{fields}    \
                 duplicate_check_fields: [{key}]\n"
            )
        }
        Method::Get => format!(
            "  - name: read-{slug}\n    method: GET\n    inputs:\n      record_id: {id_type}\n    \
             record_id: {{input: record_id}}\n"
        ),
        Method::Search => match product {
            Product::Books => format!(
                "  # Lists records by the resource's filters (Zoho Books' list parameters).\n  \
                 - name: find-{slug}\n    method: search\n    inputs:\n      \
                 text: {{type: String, description: what to look for}}\n    filters:\n      \
                 search_text: {{input: text}}\n    max_pages: 2\n"
            ),
            _ => {
                let field = fields
                    .lines()
                    .next()
                    .and_then(|line| line.trim().split(':').next())
                    .unwrap_or("Name")
                    .to_string();
                format!(
                    "  - name: find-{slug}\n    method: search\n    inputs:\n      \
                     text: {{type: String, description: what to look for}}\n    criteria:\n      \
                     all:\n        - {{field: {field}, op: equals, value: {{input: text}}}}\n    \
                     max_pages: 2\n"
                )
            }
        },
        Method::Coql => format!(
            "  # A COQL select query, sent exactly as written.\n  - name: query-{slug}\n    \
             method: coql\n    query: {query}\n",
            query = serde_json::to_string(&format!(
                "select id from {module} where Created_Time is not null limit 200"
            ))
            .unwrap_or_default()
        ),
        Method::Delete => format!(
            "  - name: delete-{slug}\n    method: DELETE\n    inputs:\n      record_id: {id_type}\n    \
             record_id: {{input: record_id}}\n"
        ),
    }
}

/// Today's starter requests: a create and an update by argument.
fn default_requests(product: Product) -> String {
    let module = default_module(product);
    let update = match product {
        Product::Creator => Method::Patch,
        _ => Method::Put,
    };
    format!(
        "{}{}",
        request_of(product, module, Method::Post),
        request_of(product, module, update)
    )
}

/// The `module:` part of the spec.
fn module_part(product: Product, module: &str, address: &str) -> String {
    // Quoted as YAML reads it, so whatever was typed stays one value.
    let module = &yaml_text(module);
    match product {
        Product::Crm => format!(
            "# The module's API name (Setup → Developer Space → APIs → API names).\nmodule: {module}\n"
        ),
        Product::Books => format!(
            "# The Books resource: contacts, invoices, items, contacts/contactpersons, ...\n\
             module: {module}\n\
             # Settings → Organization Profile in Zoho Books.\n\
             organization_id: \"10234695\"\n"
        ),
        Product::Creator => format!(
            "# Link names from the application's address: {address}\nmodule:\n  \
             owner: example_owner\n  app: example_app\n  form: {module}\n  \
             report: {report}   # the report that lists the form's records\n",
            report = yaml_text(&format!("All_{}s", module.trim_matches('"')))
        ),
    }
}

/// `text` as a YAML scalar: plain when it is a plain name, else double-quoted (JSON's
/// quoting is YAML's).
fn yaml_text(text: &str) -> String {
    if !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '/')
    {
        text.to_string()
    } else {
        serde_json::to_string(text).unwrap_or_default()
    }
}

/// The `auth:` part, and whether the client block needs a secret.
fn auth_part(choices: &Choices) -> (String, bool) {
    let product = choices.product;
    let runs_in = choices.runs_in.unwrap_or(product);
    match choices.auth {
        InitAuth::Token => (
            "# auth:\n\
             #   mode: connection        # recommended inside Zoho: a connection instead of the client above\n\
             #   connection: my_connection\n\
             #   refresh_token: ${ZOHO_REFRESH_TOKEN}   # once 02-refresh-token.dg has given you one\n\
             #   store: crm-variables    # or creator-form: secrets and a reused token in Zoho, not the scripts\n\
             #   store_connection: crm_variables       # crm-variables: a connection to this CRM\n"
                .to_string(),
            true,
        ),
        InitAuth::Connection => (
            format!(
                "# A Zoho OAuth connection made in the product the scripts run in; its link name:\n\
                 auth:\n  mode: connection\n  connection: example_{}_connection\n",
                product.key()
            ),
            false,
        ),
        InitAuth::CrmVariables => (
            format!(
                "# The client secret, refresh token and a reused access token live in CRM\n\
                 # Variables of the CRM the scripts run in{}, read and written through a connection.\n\
                 auth:\n  store: crm-variables\n  store_connection: crm_variables\n",
                if runs_in == Product::Crm { "" } else { " (runs_in: crm)" }
            ),
            false,
        ),
        InitAuth::CreatorForm => (
            "# The client secret, refresh token and a reused access token live in a record of\n\
             # an admin-only form of the Creator application the scripts run in.\n\
             auth:\n  store: creator-form\n"
                .to_string(),
            false,
        ),
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

/// The starter of `product` in `region` with every other choice left at its default.
pub fn starter(product: Product, region: Region) -> String {
    starter_with(&Choices::new(product, region))
}

/// The starter for `choices`. Its scopes are the narrowest that cover its requests,
/// asked of the product's own rules, so the starter validates as written.
pub fn starter_with(choices: &Choices) -> String {
    let mut choices = choices.clone();
    choices.runs_in = choices.runs_in.or(store_runs_in(choices.auth));
    let choices = &choices;
    let product = choices.product;
    let dc = choices.region.data_centre();
    let login = format!("{}.{}", product.conventions().login_host(), dc.login_domain);
    let module = choices
        .module
        .clone()
        .unwrap_or_else(|| default_module(product).to_string());
    let requests = match choices.method {
        Some(method) => request_of(product, &module, method),
        None if choices.module.is_some() => default_requests_on(product, &module),
        None => default_requests(product),
    };
    let (auth, needs_secret) = auth_part(choices);
    let secret = if needs_secret {
        "  # Better kept out of files: secret: ${ZOHO_CLIENT_SECRET} reads it when rendering.\n  \
         secret: replace-with-your-client-secret\n"
    } else {
        ""
    };
    // A connection holds its own client: the spec needs none.
    let client = if choices.auth == InitAuth::Connection {
        String::new()
    } else {
        format!(
            "client:\n  # Register a Server-based or Self client at {console}.\n  \
             id: 1000.REPLACE0WITH0YOUR0CLIENT0ID\n{secret}  \
             redirect_uri: https://www.example.com/oauth/callback\n",
            console = dc.api_console
        )
    };
    let runs_in = match choices.runs_in {
        Some(runs_in) if runs_in != product => format!(
            "# Where the scripts are pasted and run: not the product they call.\nruns_in: {}\n",
            runs_in.key()
        ),
        _ => "# runs_in: crm              # where the scripts are pasted, when not the product they call\n"
            .to_string(),
    };
    let methods: Vec<&str> = methods_of(product).iter().map(|m| m.as_str()).collect();
    let body = format!(
        "# yaml-language-server: $schema=./delugen.schema.json
# (write the schema beside the spec with `delugen schema > delugen.schema.json`)
# A delugen spec: `delugen validate` checks it, `delugen render` writes the scripts.
# Every key is described by `delugen man spec`.

# Lowercase letters, digits, - and _: names the output folder.
name: example-{product}
product: {product}
# The data centre: the domain you sign in at ({login}) → {region}.
region: {region}
{client}{runs_in}{auth}# on_error:
#   email: ops@example.com   # a failed request mails Zoho's answer here
scopes:
SCOPES{module_part}requests:
  # One script per request; method is one of {methods}
  # (`delugen man spec`: Request kinds).
{requests}",
        product = product.key(),
        region = choices.region.key(),
        module_part = module_part(product, &module, &creator_address(choices.region, &login)),
        methods = methods.join(", "),
    );
    body.replace("SCOPES", &scopes_for(&body))
}

/// The product a token store lives in, so the scripts must run there.
fn store_runs_in(auth: InitAuth) -> Option<Product> {
    match auth {
        InitAuth::CrmVariables => Some(Product::Crm),
        InitAuth::CreatorForm => Some(Product::Creator),
        InitAuth::Token | InitAuth::Connection => None,
    }
}

/// Why `args` cannot make a starter that validates, if they cannot.
pub fn refusal(args: &InitArgs) -> Option<String> {
    if let Some(module) = &args.module
        && (module.is_empty()
            || !module
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '/'))
    {
        let close: String = module
            .trim()
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '/' {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        return Some(format!(
            "--module {:?} is not a module name: {} takes API or link names of letters, \
                 digits and _\n  = help: did you mean --module {close}?",
            module,
            args.product.conventions().title()
        ));
    }
    if let Some(method) = args.method
        && !methods_of(args.product).contains(&method)
    {
        let known: Vec<&str> = methods_of(args.product)
            .iter()
            .map(|m| m.as_str())
            .collect();
        return Some(format!(
            "{} takes no `{}` request\n  = help: --method takes one of {}",
            args.product.conventions().title(),
            method.as_str(),
            known.join(", ")
        ));
    }
    if let (Some(store), Some(runs_in)) = (store_runs_in(args.auth), args.runs_in)
        && store != runs_in
    {
        return Some(format!(
            "--auth {} keeps the tokens in {}, so the scripts run there, not in {}\n  \
                 = help: leave out --runs-in, or choose --auth token or connection",
            match args.auth {
                InitAuth::CrmVariables => "crm-variables",
                _ => "creator-form",
            },
            store.conventions().title(),
            runs_in.conventions().title()
        ));
    }
    None
}

/// A create and an update on a module the user named.
fn default_requests_on(product: Product, module: &str) -> String {
    let update = match product {
        Product::Creator => Method::Patch,
        _ => Method::Put,
    };
    format!(
        "{}{}",
        request_of(product, module, Method::Post),
        request_of(product, module, update)
    )
}

/// The narrowest scopes that cover the requests of `text` (a starter whose scope list
/// is the placeholder `SCOPES`), one YAML list item each.
fn scopes_for(text: &str) -> String {
    let placeholder = text.replace("SCOPES", "  - placeholder.scope.ALL\n");
    let Some(spec) = crate::spec::read_unchecked(&placeholder) else {
        return "  - REPLACE.WITH.A.SCOPE\n".to_string();
    };
    let conventions = spec.product.conventions();
    let mut scopes: Vec<String> = Vec::new();
    for request in &spec.requests {
        for need in conventions.scope_needs(&spec, request) {
            let scope = need.narrowest();
            if !scopes.contains(&scope) {
                scopes.push(scope);
            }
        }
    }
    scopes
        .iter()
        .map(|scope| format!("  - {scope}\n"))
        .collect()
}

pub fn run(args: &InitArgs, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let text = match &args.example {
        Some(name) if name == "list" => {
            let names: Vec<&str> = EXAMPLES.iter().map(|(known, _)| *known).collect();
            let _ = writeln!(out, "{}", names.join("\n"));
            return exit::SUCCESS;
        }
        Some(name) => match EXAMPLES.iter().find(|(known, _)| *known == name.as_str()) {
            Some((_, text)) => text.to_string(),
            None => {
                let names: Vec<&str> = EXAMPLES.iter().map(|(known, _)| *known).collect();
                let hint = crate::spec::closest(name, names.iter().copied())
                    .map(|close| format!("did you mean `{close}`? "))
                    .unwrap_or_default();
                let _ = writeln!(
                    err,
                    "error: there is no example named \"{}\"\n  = help: {hint}the examples are: {}",
                    name.escape_debug(),
                    names.join(", ")
                );
                return exit::ERROR;
            }
        },
        None => {
            if let Some(refusal) = refusal(args) {
                let _ = writeln!(err, "error: {refusal}");
                return exit::ERROR;
            }
            let text = starter_with(&Choices {
                product: args.product,
                region: args.region,
                module: args.module.clone(),
                method: args.method,
                runs_in: args.runs_in,
                auth: args.auth,
            });
            // The starter must validate as written: a choice it cannot honour (a module
            // name the product does not take) is refused here, in the option's words.
            if let Err(problems) = crate::spec::parse(std::path::Path::new("starter"), text.clone())
            {
                for problem in problems {
                    let _ = writeln!(err, "error: {}", problem.message);
                    if let Some(help) = problem.help {
                        let _ = writeln!(err, "  = help: {help}");
                    }
                }
                let _ = writeln!(
                    err,
                    "  = note: nothing written; check --module, --method, --runs-in and --auth"
                );
                return exit::ERROR;
            }
            text
        }
    };
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
                crate::shown::path(file),
                crate::shown::path(file)
            );
            exit::SUCCESS
        }
        Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => {
            let _ = writeln!(
                err,
                "error: {} already exists; delugen init never overwrites",
                crate::shown::path(file)
            );
            exit::ERROR
        }
        Err(error) => {
            let _ = writeln!(
                err,
                "error: cannot write {}: {error}",
                crate::shown::path(file)
            );
            exit::ERROR
        }
    }
}
