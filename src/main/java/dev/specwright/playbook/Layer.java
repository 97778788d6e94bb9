package dev.specwright.playbook;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One validated source of settings, as a partial playbook tree: a playbook file or the repository
 * file. Prompt fields already hold the loaded template ({@code {file, text}}), so that a layer is
 * self-contained once read.
 *
 * @param source how provenance names it ({@code playbooks/bugfix.yml})
 * @param tree the fields it sets, in playbook shape
 */
record Layer(String source, ObjectNode tree) {}
