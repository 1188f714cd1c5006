//! Functions of steps (issue 18): one generated `<function name>.dg` per entry of the
//! spec's `functions:`, the steps run in order inside it.
//!
//! # The plan (written before the code)
//!
//! **Spec model** (`src/spec/function.rs`, additive): `functions: [{name, inputs, returns,
//! on_error, workflow_caller, steps}]` beside today's `requests:` (a spec may hold either
//! or both; `module` and `requests` become optional only when `functions` is present).
//! `auths:` at the top names how steps authenticate: `{connection: <link name>}` or
//! `token` (the spec's own client and `auth.store`). A step is `{name, as?, product?,
//! module, organization_id?, api_version?, body?, auth, method, record_id?, fields?,
//! criteria?, filters?, duplicate_check_fields?, trigger?, options?, max_pages?, when?,
//! for_each?}`: the request kinds of today with their own target.
//!
//! **Value expressions** (`spec::function::Value`): a literal (text, number, bool, and
//! nested maps/lists of values), `{input: deal.Amount, as?}`, `{step: deal, path:
//! Contact_Name.id, as?}` (paths `a.b`, `[0].x`), `{literal: ...}` for a literal map that
//! would otherwise read as a reference. Text is never parsed as a reference: only the
//! mapping shapes `{input}` / `{step}` are references. In the plan a value becomes a list
//! of `Build` statements whose literal part stays a `FieldValue` (printed by the `dg`
//! filter) and whose code part comes only from checked names, escaped keys and digits.
//!
//! **Scope of names** (`plan::step`): arguments, then each step's name and `as` in order,
//! and a `for_each` element inside its step. Every reference is checked once, in the
//! planner, against the scope as it stands at that step: a later step, a missing step, an
//! undeclared argument are errors at the reference's line:column with a did-you-mean.
//! A dotted field key is an error (write the nesting), in `requests:` too.
//!
//! **Reuse, not rewrite**: each step is handed to the product's `Conventions` as a
//! one-request view of the spec (its own product, module, organisation, version), so
//! endpoints, checks, scopes, answer keys and search criteria (`plan::search`) are the
//! ones `requests:` use; problems found there are moved to the step's path. Requests keep
//! their own planner (`plan::request`) so their scripts stay byte-identical.
//!
//! **Generated function** (`templates/function.dg` + `step-<product>.dg`): header with
//! signature, arguments (and how the client wires them), then `v_Failure = ""`, every
//! step result defined up front (`m_Step<Name>` Map / `l_Step<Name>` List), each step
//! inside `if(v_Failure == "")`: values it needs from earlier steps are checked present
//! first, then the request, then Zoho's answer; a refusal sets `v_Failure` naming the
//! step and Zoho's answer, so no later step runs. The end prints (and with `on_error`
//! mails) the failure; `returns` (default: the last step's result) as the product
//! accepts (Books: void or map).
//!
//! **Control**: `when: {step: S, found: false|true}` runs the step only if search S found
//! nothing (or something); with `found: false` the step's result is S's first record
//! when it was found, so later steps use whichever record exists. `for_each: {step: S, as:
//! item, max: N}` runs the step once per record of list S (refused, not truncated, over N).
//!
//! **Optional inputs** (`optional: true`): the field is put only when the argument is
//! neither null nor empty text. **Workflow wiring**: `workflow_caller: {module, rule?,
//! condition}` adds the rule's steps to the handover in the product's menu words.
